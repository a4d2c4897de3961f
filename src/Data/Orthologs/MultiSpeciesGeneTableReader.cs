namespace PllmML.Data.Orthologs;

/// <summary>
/// Reads multi-species gene tables like the seed project's <c>Generate_Homologue_Table/…/human_mice_pig.csv</c>:
/// every column is a species gene column whose name ends with <c>gene name</c> (case-insensitive), and every field
/// is a gene symbol. The delimiter is detected from the header (tab when it holds a tab, else comma); quoted fields
/// are honoured; gzip is allowed; blank lines are skipped.
/// </summary>
public static class MultiSpeciesGeneTableReader
{
    private const string Layout = "multi-species gene table";
    private const string GeneNameSuffix = "gene name";

    /// <summary>Reads the whole table.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The rows in file order.</returns>
    /// <exception cref="DataFormatException">
    /// The file is empty, the header has fewer than two columns, a column is not a gene column or a name repeats
    /// (the message lists the columns found), a row has the wrong number of fields, or a gene is empty (the message
    /// names the line and the column).
    /// </exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static MultiSpeciesGeneTable Read(string path)
    {
        using var table = DelimitedTable.Open(path);
        return Read(table);
    }

    /// <summary>Whether a header names three or more gene columns (<c>… gene name</c>).</summary>
    internal static bool Matches(IReadOnlyList<string> header) => header.Count(IsGeneColumn) >= 3;

    internal static MultiSpeciesGeneTable Read(DelimitedTable table)
    {
        CheckHeader(table);
        var rows = new List<string[]>();
        while (table.TryReadRow(out var fields))
        {
            rows.Add(ReadRow(table, fields));
        }

        return new MultiSpeciesGeneTable(table.Header, rows);
    }

    private static string[] ReadRow(DelimitedTable table, IReadOnlyList<string> fields)
    {
        for (var column = 0; column < fields.Count; column++)
        {
            if (fields[column].Length == 0)
            {
                throw table.FieldError(column, "is empty, expected a gene symbol");
            }
        }

        return [.. fields];
    }

    private static void CheckHeader(DelimitedTable table)
    {
        if (table.Header.Count < 2)
        {
            throw table.HeaderError($"a {Layout} needs at least two gene columns, but the header has one column");
        }

        for (var column = 0; column < table.Header.Count; column++)
        {
            if (!IsGeneColumn(table.Header[column]))
            {
                throw table.HeaderError(
                    $"column {column + 1} '{table.Header[column]}' is not a gene column: in a {Layout} every column "
                    + $"name ends with '{GeneNameSuffix}'");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in table.Header)
        {
            if (!names.Add(name))
            {
                throw table.HeaderError($"the column name '{name}' occurs twice");
            }
        }
    }

    private static bool IsGeneColumn(string name) =>
        name.Trim().EndsWith(GeneNameSuffix, StringComparison.OrdinalIgnoreCase);
}
