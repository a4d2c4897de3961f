using PllmML.Data;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// A model zip is damaged: an entry fails its CRC-32 or size check, or ML.NET cannot rebuild the chain from it. The
/// message names the file and, where known, the entry.
/// </summary>
public sealed class ModelFormatException : DataFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The model file.</param>
    /// <param name="entry">The zip entry at fault, or a description of the place (<c>ML.NET chain</c>).</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The lower-level error, if any.</param>
    public ModelFormatException(string filePath, string entry, string problem, Exception? innerException = null)
        : base(filePath, entry, problem, innerException)
    {
    }
}
