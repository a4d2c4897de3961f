using System.Globalization;

namespace PllmML.Data.Orthologs;

/// <summary>
/// Writes gene pair tables in the seed project's layout (<c>&lt;A&gt; gene name,&lt;B&gt; gene name[,extra…]</c>,
/// as pandas <c>to_csv(index=False)</c> writes them), so that outputs diff directly against the seed files: UTF-8
/// without a byte-order mark, <c>\n</c> line endings, fields quoted only when they hold the delimiter, a quote or a
/// line break, NaN as an empty field, and numbers formatted like Python's <c>repr</c> (shortest round-trip,
/// <c>100.0</c>). Extra columns (numeric and text) are written in <see cref="GenePairTable.ExtraColumnNames"/> order;
/// text values as they are. The delimiter is a comma unless given (a tab for the seed's <c>.txt</c> diff tables).
/// </summary>
/// <remarks>Python switches to exponent notation at 1e16, .NET at 1e15; values in between are written differently.</remarks>
public static class GenePairTableWriter
{
    /// <summary>Writes the table to a file, replacing it.</summary>
    /// <param name="table">The table.</param>
    /// <param name="path">The output file.</param>
    /// <param name="delimiter">The field separator: a comma (CSV) or a tab (TSV).</param>
    /// <exception cref="ArgumentException">The delimiter is a quote or a line break.</exception>
    public static void Write(GenePairTable table, string path, char delimiter = ',')
    {
        DelimitedLineWriter.CheckDelimiter(delimiter);
        using var writer = DelimitedLineWriter.Create(path);
        Write(table, writer, delimiter);
    }

    /// <summary>Writes the table.</summary>
    /// <param name="table">The table.</param>
    /// <param name="writer">Receives the text.</param>
    /// <param name="delimiter">The field separator: a comma (CSV) or a tab (TSV).</param>
    /// <exception cref="ArgumentException">The delimiter is a quote or a line break.</exception>
    public static void Write(GenePairTable table, TextWriter writer, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(writer);
        DelimitedLineWriter.CheckDelimiter(delimiter);
        var extras = table.ExtraColumnNames.Select(name => ColumnFields(table, name)).ToArray();
        DelimitedLineWriter.WriteLine(
            writer, delimiter, [table.GeneAColumn, table.GeneBColumn, .. table.ExtraColumnNames]);
        for (var row = 0; row < table.Count; row++)
        {
            var pair = table.Pairs[row];
            DelimitedLineWriter.WriteLine(
                writer, delimiter, [pair.GeneA, pair.GeneB, .. extras.Select(column => column(row))]);
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

    private static Func<int, string> ColumnFields(GenePairTable table, string column)
    {
        if (table.IsTextColumn(column))
        {
            var texts = table.GetTexts(column);
            return row => texts[row];
        }

        var scores = table.GetScores(column);
        return row => FormatNumber(scores[row]);
    }
}
