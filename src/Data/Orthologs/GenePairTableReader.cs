namespace PllmML.Data.Orthologs;

/// <summary>
/// Reads gene pair tables like the seed project's CSVs: the first two columns are the species-A and species-B gene
/// symbols, and every further column is numeric (<c>correlation</c>, <c>identical_scores</c>, …) or text
/// (<c>source</c> = <c>only_in_union</c>/<c>only_in_single</c>, …). An extra column is numeric when its first
/// non-missing value parses as a number (invariant culture), else text; a column with only missing values is
/// numeric. The delimiter is detected from the header (tab when it holds a tab, else comma); quoted fields are
/// honoured; gzip is allowed; blank lines are skipped. Missing numeric fields (empty, <c>NaN</c>, <c>nan</c>,
/// <c>NA</c>, <c>NULL</c>) are NaN; text fields are kept as written.
/// </summary>
public static class GenePairTableReader
{
    private const string GeneNameSuffix = "gene name";

    /// <summary>Reads the whole table.</summary>
    /// <param name="path">The file.</param>
    /// <returns>
    /// The pairs in file order; each pair's score is the first numeric extra column, or NaN when there is none.
    /// </returns>
    /// <exception cref="DataFormatException">
    /// The file is empty, the header has fewer than two columns or a third gene column (use
    /// <see cref="MultiSpeciesGeneTableReader"/>), a row has the wrong number of fields or an empty gene, or a
    /// numeric column holds a value that is not a number (the message names the line and the column).
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
        var extras = Enumerable.Range(2, table.Header.Count - 2).Select(column => new ExtraColumn(column)).ToArray();
        var geneA = new List<string>();
        var geneB = new List<string>();
        while (table.TryReadRow(out var fields))
        {
            ReadRow(table, fields, geneA, geneB, extras);
        }

        var numeric = extras.Where(extra => !extra.IsText).ToArray();
        var text = extras.Where(extra => extra.IsText).ToArray();
        var firstScores = numeric.FirstOrDefault()?.Numbers;
        var pairs = geneA.Select((gene, row) => new GenePair(gene, geneB[row], firstScores?[row] ?? double.NaN));
        return new GenePairTable(
            table.Header[0],
            table.Header[1],
            pairs.ToArray(),
            numeric.Select(extra => table.Header[extra.Column]).ToArray(),
            numeric.Select(extra => extra.Numbers.ToArray()).ToArray(),
            text.Select(extra => table.Header[extra.Column]).ToArray(),
            text.Select(extra => extra.Texts.ToArray()).ToArray(),
            table.Header.Skip(2).ToArray());
    }

    private static void ReadRow(
        DelimitedTable table,
        IReadOnlyList<string> fields,
        List<string> geneA,
        List<string> geneB,
        ExtraColumn[] extras)
    {
        for (var column = 0; column < 2; column++)
        {
            if (fields[column].Length == 0)
            {
                throw table.FieldError(column, "is empty, expected a gene symbol");
            }
        }

        geneA.Add(fields[0]);
        geneB.Add(fields[1]);
        foreach (var extra in extras)
        {
            extra.Add(table, fields);
        }
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
                    + "not pair tables (read them with MultiSpeciesGeneTableReader)");
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

    /// <summary>
    /// One extra column while it is read. Until its first non-missing value it keeps both forms (NaN and the raw
    /// text); that value decides whether it is numeric or text.
    /// </summary>
    private sealed class ExtraColumn(int column)
    {
        private bool _decided;

        public int Column { get; } = column;

        public bool IsText { get; private set; }

        public List<double> Numbers { get; } = [];

        public List<string> Texts { get; } = [];

        public void Add(DelimitedTable table, IReadOnlyList<string> fields)
        {
            var field = fields[Column];
            if (!_decided && !DelimitedTable.IsMissingNumber(field))
            {
                _decided = true;
                IsText = !DelimitedTable.IsNumber(field);
            }

            if (!_decided || IsText)
            {
                Texts.Add(field);
            }

            if (!IsText)
            {
                Numbers.Add(table.ParseDouble(fields, Column));
            }
        }
    }
}
