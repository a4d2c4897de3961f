using System.Text.Json;
using PllmML.Data.Tensors;

namespace PllmML.Data.Embeddings;

/// <summary>
/// Embeddings as a <c>.safetensors</c> file with one float32 vector per id, the id being the tensor's name — the
/// same <c>{gene: tensor}</c> shape as the original project's <c>.pt</c> dictionaries. Python:
/// <c>safetensors.torch.load_file("genes.safetensors")</c> (or <c>safetensors.numpy.load_file</c>). The row order is
/// kept in the metadata entry <c>pllm_ids</c> (a JSON list) because the format orders tensors by name.
/// </summary>
public static class EmbeddingSafetensors
{
    /// <summary>The metadata key that holds the ids in row order.</summary>
    public const string IdsMetadataKey = "pllm_ids";

    /// <summary>Writes a table.</summary>
    /// <param name="table">The embeddings.</param>
    /// <param name="path">The file.</param>
    /// <param name="metadata">More metadata strings (model, layer, pooling), or null.</param>
    public static void Write(EmbeddingTable table, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var allMetadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["format"] = "pt",
            [IdsMetadataKey] = JsonSerializer.Serialize(table.Ids),
        };
        var tensors = table.Ids.Select((id, row) => KeyValuePair.Create(id, StoredTensor.FromSingles(table[row], table.Width)));
        SafetensorsFile.Write(path, tensors.OrderBy(pair => pair.Key, StringComparer.Ordinal), allMetadata);
    }

    /// <summary>Reads a file of one-dimensional tensors (any float type), one per id.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="DataFormatException">A tensor is not a vector, widths differ, or the file is damaged.</exception>
    public static EmbeddingTable Read(string path)
    {
        using var file = SafetensorsFile.Open(path);
        var ids = file.Metadata.TryGetValue(IdsMetadataKey, out var json) ? ParseIds(path, json) : [.. file.Names];
        var missing = Array.Find(ids, id => !file.Contains(id));
        if (missing is not null)
        {
            throw new DataFormatException(path, IdsMetadataKey, $"lists '{missing}', which has no tensor");
        }

        var width = ids.Length == 0 ? 0 : (int)file.Describe(ids[0]).ElementCount;
        var matrix = new DenseMatrix(ids.Length, width);
        for (var row = 0; row < ids.Length; row++)
        {
            var entry = file.Describe(ids[row]);
            if (entry.ElementCount != width || entry.Shape.Count(size => size != 1) > 1)
            {
                throw new DataFormatException(path, $"tensor '{ids[row]}'", $"has shape {entry.ShapeText}, expected a vector of {width} like '{ids[0]}'");
            }

            file.Read(ids[row]).ToSingles().CopyTo(matrix.Row(row));
        }

        return new EmbeddingTable(ids, matrix);
    }

    private static string[] ParseIds(string path, string json)
    {
        string?[]? ids;
        try
        {
            ids = JsonSerializer.Deserialize<string?[]>(json);
        }
        catch (JsonException exception)
        {
            throw new DataFormatException(path, IdsMetadataKey, "is not a JSON array of strings: " + exception.Message, exception);
        }

        return ids is not null && Array.TrueForAll(ids, id => id is not null)
            ? Array.ConvertAll(ids, id => id!)
            : throw new DataFormatException(path, IdsMetadataKey, "is null or lists a null id");
    }
}
