namespace PllmML.Data.Embeddings;

/// <summary>Reads and writes embedding tables in the format their file name says: <c>.tsv</c> (gzip too when
/// reading), <c>.safetensors</c>, <c>.parquet</c>, and (reading only) the original project's <c>.pt</c> dictionaries.</summary>
public static class EmbeddingFiles
{
    /// <summary>The extensions <see cref="Write"/> accepts.</summary>
    public static IReadOnlyList<string> WritableExtensions { get; } = [".tsv", ".safetensors", ".parquet"];

    /// <summary>Writes a table in the format of the path's extension.</summary>
    /// <param name="table">The embeddings.</param>
    /// <param name="path">A path ending in .tsv, .safetensors or .parquet.</param>
    /// <param name="metadata">Provenance strings (model, layer, pooling) stored where the format has room (safetensors).</param>
    /// <exception cref="ArgumentException">Another extension.</exception>
    public static void Write(EmbeddingTable table, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".tsv":
                EmbeddingTsv.Write(table, path);
                break;
            case ".safetensors":
                EmbeddingSafetensors.Write(table, path, metadata);
                break;
            case ".parquet":
                EmbeddingParquet.Write(table, path);
                break;
            default:
                throw new ArgumentException($"Cannot tell the format of '{path}': use a name ending in .tsv, .safetensors or .parquet.", nameof(path));
        }
    }

    /// <summary>Reads a table in the format of the path's extension.</summary>
    /// <param name="path">A .tsv (or .tsv.gz), .safetensors, .parquet or .pt file.</param>
    /// <exception cref="ArgumentException">Another extension.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file does not hold what its format promises, holds no rows, or holds
    /// a non-finite value.</exception>
    public static EmbeddingTable Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Embedding file not found: {path}", path);
        }

        var table = ReadByExtension(path);
        if (table.Count == 0)
        {
            throw new DataFormatException(path, string.Empty, "the file holds no embeddings");
        }

        var bad = Array.FindIndex(table.Vectors.Values, value => !float.IsFinite(value));
        return bad < 0
            ? table
            : throw new DataFormatException(path, $"embedding '{table.Ids[bad / table.Width]}'",
                $"holds a non-finite value (NaN or infinity) in dimension {bad % table.Width}; a damaged file or a diverged model");
    }

    private static EmbeddingTable ReadByExtension(string path)
    {
        var name = path.ToLowerInvariant();
        return name switch
        {
            _ when name.EndsWith(".tsv", StringComparison.Ordinal) || name.EndsWith(".tsv.gz", StringComparison.Ordinal) => EmbeddingTsv.Read(path),
            _ when name.EndsWith(".safetensors", StringComparison.Ordinal) => EmbeddingSafetensors.Read(path),
            _ when name.EndsWith(".parquet", StringComparison.Ordinal) => EmbeddingParquet.Read(path),
            _ when name.EndsWith(".pt", StringComparison.Ordinal) || name.EndsWith(".pth", StringComparison.Ordinal) => EmbeddingTorchPt.Read(path),
            _ => throw new ArgumentException($"Cannot tell the format of '{path}': expected .tsv, .safetensors, .parquet or .pt.", nameof(path)),
        };
    }
}
