namespace PllmML.Data.Orthologs;

/// <summary>
/// Writes multi-species gene tables in the seed project's layout (<c>human gene name,mice gene name,pig gene name</c>,
/// as pandas <c>to_csv(index=False)</c> writes them): UTF-8 without a byte-order mark, <c>\n</c> line endings, and
/// fields quoted only when they hold the delimiter, a quote or a line break.
/// </summary>
public static class MultiSpeciesGeneTableWriter
{
    /// <summary>Writes the table to a file, replacing it.</summary>
    /// <param name="table">The table.</param>
    /// <param name="path">The output file.</param>
    /// <param name="delimiter">The field separator: a comma (CSV) or a tab (TSV).</param>
    /// <exception cref="ArgumentException">The delimiter is a quote or a line break.</exception>
    public static void Write(MultiSpeciesGeneTable table, string path, char delimiter = ',')
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
    public static void Write(MultiSpeciesGeneTable table, TextWriter writer, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(writer);
        DelimitedLineWriter.CheckDelimiter(delimiter);
        DelimitedLineWriter.WriteLine(writer, delimiter, table.SpeciesColumns);
        foreach (var row in table.Rows)
        {
            DelimitedLineWriter.WriteLine(writer, delimiter, row);
        }
    }
}
