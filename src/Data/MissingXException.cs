namespace PllmML.Data;

/// <summary>
/// Thrown when a step needs the counts matrix X of data read from a file that stores none (anndata ≥ 0.11 writes no
/// X when <c>adata.X</c> is <c>None</c>). The message names the file and <c>/X</c>, and says how to add X.
/// </summary>
public sealed class MissingXException : DataFormatException
{
    /// <summary>Creates the exception for data read from <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file without X.</param>
    public MissingXException(string filePath)
        : base(filePath, "/X", Explanation)
    {
    }

    /// <summary>Creates the exception with the standard message and no file.</summary>
    public MissingXException()
        : this(string.Empty)
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The lower-level error.</param>
    public MissingXException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What is missing and how to add it.</summary>
    public static string Explanation =>
        "the file stores no X (anndata writes none when adata.X is None), and this step needs the counts matrix X; "
        + "set it and write the file again, e.g. adata.X = adata.layers[\"counts\"]; adata.write_h5ad(path)";
}
