using System.Globalization;

namespace PllmML.Data.Orthologs;

/// <summary>
/// An ortholog table of any supported layout in a common form: its symbol pairs as a <see cref="GenePairTable"/>,
/// plus the layout-specific table it came from.
/// </summary>
public sealed class OrthologTable
{
    private const string ConfidenceColumn = "orthology confidence";
    private const string Missing = "missing";

    private OrthologTable(OrthologTableKind kind, string filePath, GenePairTable pairs)
    {
        Kind = kind;
        FilePath = filePath;
        Pairs = pairs;
    }

    /// <summary>The detected layout.</summary>
    public OrthologTableKind Kind { get; }

    /// <summary>The file the table was read from.</summary>
    public string FilePath { get; }

    /// <summary>
    /// The symbol pairs in file order: the pair table itself, <see cref="BiomartTable.ToPairTable"/> (rows with both
    /// symbols; score = mean percent identity), <see cref="CacimarTable.ToPairTable"/>, or for a multi-species table
    /// <see cref="MultiSpeciesGeneTable.ToPairTable()"/>: the first two species columns, one pair per row (duplicates
    /// kept, no score). The other species of a multi-species table are only in <see cref="MultiSpecies"/>.
    /// </summary>
    public GenePairTable Pairs { get; }

    /// <summary>The BioMart table, when <see cref="Kind"/> is <see cref="OrthologTableKind.Biomart"/>.</summary>
    public BiomartTable? Biomart { get; private init; }

    /// <summary>The CACIMAR table, when <see cref="Kind"/> is <see cref="OrthologTableKind.Cacimar"/>.</summary>
    public CacimarTable? Cacimar { get; private init; }

    /// <summary>The multi-species table, when <see cref="Kind"/> is <see cref="OrthologTableKind.MultiSpecies"/>.</summary>
    public MultiSpeciesGeneTable? MultiSpecies { get; private init; }

    /// <summary>Wraps a BioMart table.</summary>
    /// <param name="table">The table.</param>
    public static OrthologTable FromBiomart(BiomartTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new(OrthologTableKind.Biomart, table.FilePath, table.ToPairTable()) { Biomart = table };
    }

    /// <summary>Wraps a CACIMAR table.</summary>
    /// <param name="table">The table.</param>
    public static OrthologTable FromCacimar(CacimarTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new(OrthologTableKind.Cacimar, table.FilePath, table.ToPairTable()) { Cacimar = table };
    }

    /// <summary>Wraps a pair table.</summary>
    /// <param name="filePath">The file it was read from.</param>
    /// <param name="table">The table.</param>
    public static OrthologTable FromPairs(string filePath, GenePairTable table)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(table);
        return new(OrthologTableKind.GenePairs, filePath, table);
    }

    /// <summary>Wraps a multi-species table; <see cref="Pairs"/> are its first two species columns.</summary>
    /// <param name="filePath">The file it was read from.</param>
    /// <param name="table">The table.</param>
    public static OrthologTable FromMultiSpecies(string filePath, MultiSpeciesGeneTable table)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(table);
        return new(OrthologTableKind.MultiSpecies, filePath, table.ToPairTable()) { MultiSpecies = table };
    }

    /// <summary>Counts what the table holds.</summary>
    public OrthologTableSummary Summarize() => new(
        Kind,
        FilePath,
        Pairs.GeneAColumn,
        Pairs.GeneBColumn,
        Biomart?.Rows.Count ?? Cacimar?.Rows.Count ?? Pairs.Count,
        Biomart?.RowsWithoutHomolog ?? 0,
        Biomart?.RowsWithUnnamedGene ?? Cacimar?.RowsWithoutSymbols ?? 0,
        Pairs.Report(),
        CountHomologyTypes(),
        CountConfidence())
    {
        TextColumnCounts = CountTextColumns(),
        SpeciesColumns = MultiSpecies?.SummarizeColumns() ?? [],
    };

    private SortedDictionary<string, IReadOnlyDictionary<string, int>> CountTextColumns()
    {
        var counts = new SortedDictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var column in Pairs.TextColumnNames)
        {
            counts[column] = Count(Pairs.GetTexts(column));
        }

        return counts;
    }

    private SortedDictionary<string, int> CountHomologyTypes()
    {
        var types = Biomart?.Homologs.Select(row => row.HomologyTypeName)
            ?? Cacimar?.Rows.Select(row => row.Type)
            ?? [];
        return Count(types);
    }

    private SortedDictionary<string, int> CountConfidence()
    {
        if (!Pairs.ScoreColumnNames.Contains(ConfidenceColumn))
        {
            return Count([]);
        }

        return Count(Pairs.GetScores(ConfidenceColumn)
            .Select(value => double.IsNaN(value) ? Missing : value.ToString(CultureInfo.InvariantCulture)));
    }

    private static SortedDictionary<string, int> Count(IEnumerable<string> keys)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }
}
