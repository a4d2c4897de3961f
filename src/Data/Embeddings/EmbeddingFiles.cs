namespace PllmML.Data.Embeddings;

/// <summary>
/// The one entry point that reads gene (or protein) embeddings from a file, whatever its format. Today: tab-separated
/// text (<see cref="EmbeddingTsv"/>, gzip too); binary formats join here as readers are added.
/// </summary>
public static class EmbeddingFiles
{
    /// <summary>Reads embeddings, choosing the reader from the file's content.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The content is not a readable embedding table; the message names the place.</exception>
    public static EmbeddingTable Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Embedding file not found: {path}", path);
        }

        var table = EmbeddingTsv.Read(path);
        return table.Count > 0 ? table : throw new DataFormatException(path, "line 1", "the file holds no embeddings");
    }
}
