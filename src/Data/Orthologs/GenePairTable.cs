namespace PllmML.Data.Orthologs;

/// <summary>
/// A table of gene pairs between two species in file order, as in the seed project's CSVs
/// (<c>&lt;A&gt; gene name,&lt;B&gt; gene name[,extra…]</c>): the two gene columns, the pairs, and any extra columns
/// by name. An extra column is numeric (a score such as <c>correlation</c>) or text (a label such as <c>source</c>);
/// <see cref="ExtraColumnNames"/> keeps their file order. <see cref="GenePair.Score"/> of each pair is the first
/// numeric extra column, or NaN when there is none.
/// </summary>
public sealed class GenePairTable
{
    private readonly double[][] _scoreColumns;
    private readonly string[][] _textColumns;

    /// <summary>Creates the table.</summary>
    /// <param name="geneAColumn">The name of the species-A gene column (for example <c>human gene name</c>).</param>
    /// <param name="geneBColumn">The name of the species-B gene column.</param>
    /// <param name="pairs">The pairs, in order.</param>
    /// <param name="scoreColumnNames">The names of the extra numeric columns, in order; none when null.</param>
    /// <param name="scoreColumns">One value array per numeric column, each as long as <paramref name="pairs"/>.</param>
    /// <param name="textColumnNames">The names of the extra text columns, in order; none when null.</param>
    /// <param name="textColumns">One value array per text column, each as long as <paramref name="pairs"/>.</param>
    /// <param name="extraColumnNames">
    /// Every extra column name in file order (numeric and text interleaved); when null, the numeric columns come
    /// first, then the text columns.
    /// </param>
    /// <exception cref="ArgumentException">
    /// Names repeat, a column's length differs from the pair count, or <paramref name="extraColumnNames"/> does not
    /// list exactly the numeric and text columns.
    /// </exception>
    public GenePairTable(
        string geneAColumn,
        string geneBColumn,
        IReadOnlyList<GenePair> pairs,
        IReadOnlyList<string>? scoreColumnNames = null,
        IReadOnlyList<double[]>? scoreColumns = null,
        IReadOnlyList<string>? textColumnNames = null,
        IReadOnlyList<string[]>? textColumns = null,
        IReadOnlyList<string>? extraColumnNames = null)
    {
        ArgumentNullException.ThrowIfNull(geneAColumn);
        ArgumentNullException.ThrowIfNull(geneBColumn);
        ArgumentNullException.ThrowIfNull(pairs);
        GeneAColumn = geneAColumn;
        GeneBColumn = geneBColumn;
        Pairs = pairs;
        ScoreColumnNames = scoreColumnNames ?? [];
        _scoreColumns = scoreColumns?.ToArray() ?? [];
        TextColumnNames = textColumnNames ?? [];
        _textColumns = textColumns?.ToArray() ?? [];
        ExtraColumnNames = extraColumnNames ?? [.. ScoreColumnNames, .. TextColumnNames];
        Validate();
    }

    /// <summary>The name of the species-A gene column, as written in the header.</summary>
    public string GeneAColumn { get; }

    /// <summary>The name of the species-B gene column, as written in the header.</summary>
    public string GeneBColumn { get; }

    /// <summary>The pairs, in file order.</summary>
    public IReadOnlyList<GenePair> Pairs { get; }

    /// <summary>The number of pairs (rows).</summary>
    public int Count => Pairs.Count;

    /// <summary>The names of the extra numeric columns, in order (for example <c>correlation</c>).</summary>
    public IReadOnlyList<string> ScoreColumnNames { get; }

    /// <summary>The names of the extra text columns, in order (for example <c>source</c>).</summary>
    public IReadOnlyList<string> TextColumnNames { get; }

    /// <summary>The names of all extra columns (numeric and text) in file order, after the two gene columns.</summary>
    public IReadOnlyList<string> ExtraColumnNames { get; }

    /// <summary>Builds a table whose columns follow the seed layout <c>&lt;A&gt; gene name,&lt;B&gt; gene name</c>.</summary>
    /// <param name="speciesA">Species A as it should appear in the header (<c>human</c>).</param>
    /// <param name="speciesB">Species B (<c>mice</c>).</param>
    /// <param name="pairs">The pairs.</param>
    /// <param name="scoreColumnName">When given, <see cref="GenePair.Score"/> is written as a column of this name.</param>
    public static GenePairTable Create(
        string speciesA, string speciesB, IEnumerable<GenePair> pairs, string? scoreColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var list = pairs.ToArray();
        return scoreColumnName is null
            ? new GenePairTable($"{speciesA} gene name", $"{speciesB} gene name", list)
            : new GenePairTable(
                $"{speciesA} gene name",
                $"{speciesB} gene name",
                list,
                [scoreColumnName],
                [list.Select(pair => pair.Score).ToArray()]);
    }

    /// <summary>The values of an extra numeric column (NaN where the field was empty).</summary>
    /// <param name="columnName">The column name, exactly as in <see cref="ScoreColumnNames"/>.</param>
    /// <exception cref="KeyNotFoundException">No such column; the message lists the columns.</exception>
    public IReadOnlyList<double> GetScores(string columnName)
    {
        for (var column = 0; column < ScoreColumnNames.Count; column++)
        {
            if (ScoreColumnNames[column] == columnName)
            {
                return _scoreColumns[column];
            }
        }

        throw new KeyNotFoundException(
            $"No score column '{columnName}'; the table has: {string.Join(", ", ScoreColumnNames)}.");
    }

    /// <summary>The values of an extra text column, as written (an empty field is an empty string).</summary>
    /// <param name="columnName">The column name, exactly as in <see cref="TextColumnNames"/>.</param>
    /// <exception cref="KeyNotFoundException">No such column; the message lists the text columns.</exception>
    public IReadOnlyList<string> GetTexts(string columnName)
    {
        for (var column = 0; column < TextColumnNames.Count; column++)
        {
            if (TextColumnNames[column] == columnName)
            {
                return _textColumns[column];
            }
        }

        throw new KeyNotFoundException(
            $"No text column '{columnName}'; the table has: {string.Join(", ", TextColumnNames)}.");
    }

    /// <summary>Whether the extra column holds text (see <see cref="TextColumnNames"/>) rather than numbers.</summary>
    /// <param name="columnName">The column name.</param>
    public bool IsTextColumn(string columnName) => TextColumnNames.Contains(columnName);

    /// <summary>Counts rows, unique pairs, exact duplicates and genes that occur in more than one pair.</summary>
    public PairTableReport Report() => PairTableReport.Compute(Pairs);

    /// <summary>
    /// Makes the table one-to-one at the symbol level, the way the ortholog README describes: exact duplicate pairs
    /// (same two genes) are dropped, keeping the first, and then every pair whose species-A or species-B gene occurs
    /// in another remaining pair is dropped. Order and extra columns of the kept rows are preserved.
    /// </summary>
    /// <returns>A new table; this one is unchanged.</returns>
    public GenePairTable ToSymbolOneToOne()
    {
        var kept = SymbolOneToOneRows(Pairs);
        return new GenePairTable(
            GeneAColumn,
            GeneBColumn,
            kept.Select(row => Pairs[row]).ToArray(),
            ScoreColumnNames,
            _scoreColumns.Select(values => kept.Select(row => values[row]).ToArray()).ToArray(),
            TextColumnNames,
            _textColumns.Select(values => kept.Select(row => values[row]).ToArray()).ToArray(),
            ExtraColumnNames);
    }

    internal static List<int> SymbolOneToOneRows(IReadOnlyList<GenePair> pairs)
    {
        var seen = new HashSet<(string, string)>();
        var unique = new List<int>();
        for (var row = 0; row < pairs.Count; row++)
        {
            if (seen.Add((pairs[row].GeneA, pairs[row].GeneB)))
            {
                unique.Add(row);
            }
        }

        var countA = CountGenes(unique, row => pairs[row].GeneA);
        var countB = CountGenes(unique, row => pairs[row].GeneB);
        return unique.FindAll(row => countA[pairs[row].GeneA] == 1 && countB[pairs[row].GeneB] == 1);
    }

    private static Dictionary<string, int> CountGenes(List<int> rows, Func<int, string> gene)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var name = gene(row);
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        return counts;
    }

    private void Validate()
    {
        CheckColumnCount("score", ScoreColumnNames, _scoreColumns.Length);
        CheckColumnCount("text", TextColumnNames, _textColumns.Length);
        var names = new HashSet<string>(StringComparer.Ordinal) { GeneAColumn };
        foreach (var name in ScoreColumnNames.Concat(TextColumnNames).Prepend(GeneBColumn))
        {
            if (!names.Add(name))
            {
                throw new ArgumentException($"The column name '{name}' occurs twice.");
            }
        }

        CheckExtraColumnOrder();
        CheckLengths(ScoreColumnNames, _scoreColumns.Select(values => values.Length).ToArray());
        CheckLengths(TextColumnNames, _textColumns.Select(values => values.Length).ToArray());
    }

    private static void CheckColumnCount(string what, IReadOnlyList<string> names, int columns)
    {
        if (names.Count != columns)
        {
            throw new ArgumentException($"{names.Count} {what} column names but {columns} {what} columns.");
        }
    }

    private void CheckExtraColumnOrder()
    {
        var expected = ScoreColumnNames.Concat(TextColumnNames).Order(StringComparer.Ordinal);
        if (!ExtraColumnNames.Order(StringComparer.Ordinal).SequenceEqual(expected, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"The extra column order ({string.Join(", ", ExtraColumnNames)}) must list exactly the score and "
                + "text columns.");
        }
    }

    private void CheckLengths(IReadOnlyList<string> names, int[] lengths)
    {
        for (var column = 0; column < lengths.Length; column++)
        {
            if (lengths[column] != Pairs.Count)
            {
                throw new ArgumentException(
                    $"Column '{names[column]}' has {lengths[column]} values for {Pairs.Count} pairs.");
            }
        }
    }
}
