using PllmML.Data.Tensors;

namespace PllmML.Data.Embeddings;

/// <summary>
/// Imports the original project's (and SATURN's, UCE's) gene embedding files: a <c>torch.save</c>d dictionary
/// <c>{gene_symbol: tensor}</c>, read in pure managed code (no Python, no libtorch).
/// </summary>
public static class EmbeddingTorchPt
{
    /// <summary>Reads a file.</summary>
    /// <param name="path">A <c>.pt</c> file holding a dict of string → 1-D tensor (any float type).</param>
    /// <returns>The embeddings in the dictionary's order.</returns>
    /// <exception cref="DataFormatException">The file is not such a dictionary, a value is not a vector, or widths
    /// differ; the message names the key.</exception>
    public static EmbeddingTable Read(string path)
    {
        using var file = TorchPickleFile.Open(path);
        if (file.Root is not Dictionary<object, object?> dictionary)
        {
            throw new DataFormatException(path, "data.pkl", "does not hold a dictionary of gene → tensor");
        }

        var ids = new List<string>(dictionary.Count);
        var rows = new List<float[]>(dictionary.Count);
        foreach (var (key, value) in dictionary)
        {
            var id = key as string ?? throw new DataFormatException(path, $"key {key}", "is not a string (expected gene symbols as keys)");
            if (value is not TorchTensorReference tensor || tensor.Shape.Count(size => size != 1) > 1)
            {
                throw new DataFormatException(path, $"key '{id}'", "does not map to a one-dimensional tensor");
            }

            var vector = file.ReadTensor(tensor).ToSingles();
            if (rows.Count > 0 && vector.Length != rows[0].Length)
            {
                throw new DataFormatException(path, $"key '{id}'", $"has {vector.Length} values, '{ids[0]}' has {rows[0].Length}");
            }

            ids.Add(id);
            rows.Add(vector);
        }

        var width = rows.Count == 0 ? 0 : rows[0].Length;
        var matrix = new DenseMatrix(rows.Count, width);
        for (var row = 0; row < rows.Count; row++)
        {
            rows[row].CopyTo(matrix.Row(row));
        }

        return new EmbeddingTable([.. ids], matrix);
    }
}
