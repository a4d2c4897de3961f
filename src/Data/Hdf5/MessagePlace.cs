using System.Globalization;

namespace PllmML.Data.Hdf5;

/// <summary>Where an object header message lies, for the error that refuses it.</summary>
/// <param name="Path">The file.</param>
/// <param name="Header">The object header's byte offset.</param>
/// <param name="At">The message's byte offset (its data).</param>
/// <param name="Type">The message's type.</param>
internal readonly record struct MessagePlace(string Path, long Header, long At, int Type)
{
    /// <summary>The typed error naming the file, the object header and the message.</summary>
    /// <param name="problem">What is wrong with the message.</param>
    /// <returns>The exception to throw.</returns>
    public DataFormatException Fail(string problem) =>
        new(Path, string.Create(CultureInfo.InvariantCulture, $"object header at byte {Header}"),
            string.Create(CultureInfo.InvariantCulture, $"message of type 0x{Type:x2} at byte {At}: {problem}"));
}
