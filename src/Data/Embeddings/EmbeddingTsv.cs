using System.Globalization;
using PllmML.Data.Text;

namespace PllmML.Data.Embeddings;

/// <summary>
/// Embeddings as tab-separated text: one row per id, the id then the values (<c>id\tv1\tv2…</c>), no header —
/// the layout <c>pandas.read_csv(path, sep="\t", header=None, index_col=0)</c> and R's <c>read.delim</c> load in
/// one line. Gzip is read transparently.
/// </summary>
public static class EmbeddingTsv
{
    /// <summary>Reads a file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="DataFormatException">
    /// A row has another width than the first, a value is not a number or not finite, an id is empty or repeats;
    /// the message names the line.
    /// </exception>
    public static EmbeddingTable Read(string path)
    {
        using var lines = TextInput.OpenLines(path);
        var ids = new List<string>();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var values = new List<float>();
        var width = -1;
        while (lines.TryReadLine(out var line))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split('\t');
            width = width < 0 ? CheckWidth(lines, fields.Length) : width;
            if (fields.Length - 1 != width)
            {
                throw lines.Error($"the row has {fields.Length - 1} values, the first row had {width}");
            }

            AddId(lines, fields[0], ids, seen);
            for (var column = 1; column < fields.Length; column++)
            {
                values.Add(ParseValue(lines, fields[column], column));
            }
        }

        return new EmbeddingTable([.. ids], new DenseMatrix(ids.Count, Math.Max(width, 0), [.. values]));
    }

    /// <summary>Writes a file; values are written in the shortest form that reads back to the same float.</summary>
    /// <param name="table">The embeddings.</param>
    /// <param name="path">The file.</param>
    public static void Write(EmbeddingTable table, string path)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var writer = new StreamWriter(path);
        for (var row = 0; row < table.Count; row++)
        {
            writer.Write(table.Ids[row]);
            foreach (var value in table[row])
            {
                writer.Write('\t');
                writer.Write(value.ToString("R", CultureInfo.InvariantCulture));
            }

            writer.Write('\n');
        }
    }

    private static int CheckWidth(LineReader lines, int fields) =>
        fields >= 2 ? fields - 1 : throw lines.Error("expected an id followed by tab-separated values");

    private static void AddId(LineReader lines, string id, List<string> ids, Dictionary<string, long> seen)
    {
        if (id.Length == 0)
        {
            throw lines.Error("the id (column 1) is empty");
        }

        if (!seen.TryAdd(id, lines.LineNumber))
        {
            throw lines.Error($"the id '{id}' already appeared on line {seen[id]}");
        }

        ids.Add(id);
    }

    private static float ParseValue(LineReader lines, string text, int column)
    {
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw lines.Error($"column {column + 1} holds '{text}', expected a number");
        }

        return float.IsFinite(value) ? value : throw lines.Error($"column {column + 1} holds {text}, not a finite number");
    }
}
