using System.Text.Json.Serialization;
using Parquet.Serialization;

namespace PllmML.Data.Embeddings;

/// <summary>
/// Embeddings as Apache Parquet: one row per id with a string column <c>id</c> and a list-of-float32 column
/// <c>embedding</c>. Python: <c>df = pandas.read_parquet("genes.parquet")</c> (vectors:
/// <c>numpy.stack(df.embedding)</c>); R: <c>arrow::read_parquet</c>.
/// </summary>
public static class EmbeddingParquet
{
    /// <summary>Writes a table.</summary>
    /// <param name="table">The embeddings.</param>
    /// <param name="path">The file.</param>
    public static void Write(EmbeddingTable table, string path)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = table.Ids.Select((id, row) => new Row { Id = id, Embedding = table[row].ToArray() });
        ParquetSerializer.SerializeAsync(rows, path).GetAwaiter().GetResult();
    }

    /// <summary>Reads a file written by <see cref="Write"/> (or any Parquet file with those two columns).</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="DataFormatException">The file is not Parquet, lacks the columns, or vectors differ in width.</exception>
    public static EmbeddingTable Read(string path)
    {
        ParquetFooter.Check(path);
        IList<Row> rows;
        try
        {
            rows = ParquetSerializer.DeserializeAsync<Row>(path).GetAwaiter().GetResult().Data;
        }
        catch (Exception exception) when (exception is not (OutOfMemoryException or FileNotFoundException))
        {
            // Parquet.Net reports a damaged file with many exception types (its Thrift errors, null references,
            // index errors): at this boundary every one of them means the file is not what it claims.
            throw new DataFormatException(path, "file", "is not a Parquet embedding table (columns id, embedding): " + exception.Message, exception);
        }

        var width = rows.Count == 0 ? 0 : rows[0].Embedding?.Length ?? 0;
        var matrix = new DenseMatrix(rows.Count, width);
        for (var row = 0; row < rows.Count; row++)
        {
            if (rows[row].Id is null || rows[row].Embedding is null)
            {
                throw new DataFormatException(path, $"row {row + 1}", "has no id or no embedding");
            }

            if (rows[row].Embedding.Length != width)
            {
                throw new DataFormatException(path, $"row {row + 1} ({rows[row].Id})", $"has {rows[row].Embedding.Length} values, the first row {width}");
            }

            rows[row].Embedding.CopyTo(matrix.Row(row));
        }

        return new EmbeddingTable(rows.Select(r => r.Id).ToArray(), matrix);
    }

    /// <summary>One Parquet row.</summary>
    internal sealed class Row
    {
        [JsonPropertyName("id")]
        public string Id { get; set; } = string.Empty;

        [JsonPropertyName("embedding")]
        public float[] Embedding { get; set; } = [];
    }
}
