using System.Globalization;
using System.Text;

namespace PllmML.Data.Orthologs;

/// <summary>
/// Writes gene pair tables as CSV in the seed project's layout (<c>&lt;A&gt; gene name,&lt;B&gt; gene name[,score…]</c>,
/// as pandas <c>to_csv(index=False)</c> writes them), so that outputs diff directly against the seed files: UTF-8
/// without a byte-order mark, <c>\n</c> line endings, fields quoted only when they hold a comma, a quote or a line
/// break, NaN as an empty field, and numbers formatted like Python's <c>repr</c> (shortest round-trip, <c>100.0</c>).
/// </summary>
/// <remarks>Python switches to exponent notation at 1e16, .NET at 1e15; values in between are written differently.</remarks>
public static class GenePairTableWriter
{
    /// <summary>Writes the table to a file, replacing it.</summary>
    /// <param name="table">The table.</param>
    /// <param name="path">The output file.</param>
    public static void Write(GenePairTable table, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        Write(table, writer);
    }

    /// <summary>Writes the table.</summary>
    /// <param name="table">The table.</param>
    /// <param name="writer">Receives the CSV text.</param>
    public static void Write(GenePairTable table, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(writer);
        var scores = table.ScoreColumnNames.Select(table.GetScores).ToArray();
        WriteLine(writer, [table.GeneAColumn, table.GeneBColumn, .. table.ScoreColumnNames]);
        for (var row = 0; row < table.Count; row++)
        {
            var pair = table.Pairs[row];
            WriteLine(writer, [pair.GeneA, pair.GeneB, .. scores.Select(column => FormatNumber(column[row]))]);
        }
    }

    /// <summary>Formats a number the way pandas writes a float column.</summary>
    /// <param name="value">The value.</param>
    internal static string FormatNumber(double value)
    {
        if (double.IsNaN(value))
        {
            return string.Empty;
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            return text.Replace('E', 'e');
        }

        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }

    private static void WriteLine(TextWriter writer, IEnumerable<string> fields)
    {
        writer.Write(string.Join(',', fields.Select(Quote)));
        writer.Write('\n');
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
