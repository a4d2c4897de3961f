namespace PllmML.Data.Orthologs;

/// <summary>
/// Reads gene pair tables like the seed project's CSVs: the first two columns are the species-A and species-B gene
/// symbols, and every further column is numeric (<c>correlation</c>, <c>identical_scores</c>, …). The delimiter is
/// detected from the header (tab when it holds a tab, else comma); quoted fields are honoured; gzip is allowed;
/// blank lines are skipped. Empty numeric fields (and <c>NaN</c>, <c>nan</c>, <c>NA</c>) are NaN.
/// </summary>
public static class GenePairTableReader
{
    private const string GeneNameSuffix = "gene name";

    /// <summary>Reads the whole table.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The pairs in file order; each pair's score is the first extra column, or NaN when there is none.</returns>
    /// <exception cref="DataFormatException">
    /// The file is empty, the header has fewer than two columns or a third gene column, a row has the wrong number of
    /// fields or an empty gene, or an extra field is not a number (the message names the line and the column).
    /// </exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static GenePairTable Read(string path)
    {
        using var table = DelimitedTable.Open(path);
        return Read(table);
    }

    internal static GenePairTable Read(DelimitedTable table)
    {
        CheckHeader(table);
        var scoreCount = table.Header.Count - 2;
        var pairs = new List<GenePair>();
        var scores = Enumerable.Range(0, scoreCount).Select(_ => new List<double>()).ToArray();
        while (table.TryReadRow(out var fields))
        {
            pairs.Add(ReadRow(table, fields, scores));
        }

        return new GenePairTable(
            table.Header[0],
            table.Header[1],
            pairs,
            table.Header.Skip(2).ToArray(),
            scores.Select(values => values.ToArray()).ToArray());
    }

    private static GenePair ReadRow(DelimitedTable table, IReadOnlyList<string> fields, List<double>[] scores)
    {
        for (var column = 0; column < 2; column++)
        {
            if (fields[column].Length == 0)
            {
                throw table.FieldError(column, "is empty, expected a gene symbol");
            }
        }

        for (var extra = 0; extra < scores.Length; extra++)
        {
            scores[extra].Add(table.ParseDouble(fields, extra + 2));
        }

        return new GenePair(fields[0], fields[1], scores.Length > 0 ? scores[0][^1] : double.NaN);
    }

    private static void CheckHeader(DelimitedTable table)
    {
        if (table.Header.Count < 2)
        {
            throw table.HeaderError("a gene pair table needs two gene columns, but the header has one column");
        }

        for (var column = 2; column < table.Header.Count; column++)
        {
            if (table.Header[column].Trim().EndsWith(GeneNameSuffix, StringComparison.OrdinalIgnoreCase))
            {
                throw table.HeaderError(
                    $"column {column + 1} '{table.Header[column]}' is a third gene column: multi-species tables are "
                    + "not pair tables (extra columns must be numeric)");
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
}
