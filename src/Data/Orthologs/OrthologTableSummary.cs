namespace PllmML.Data.Orthologs;

/// <summary>What an ortholog table holds, for <c>pllm inspect</c>.</summary>
/// <param name="Kind">The detected layout.</param>
/// <param name="FilePath">The file.</param>
/// <param name="GeneAColumn">The species-A gene column name (for a multi-species table: the first species).</param>
/// <param name="GeneBColumn">The species-B gene column name (for a multi-species table: the second species).</param>
/// <param name="Rows">Data rows in the file (a CACIMAR row can give several pairs).</param>
/// <param name="RowsWithoutHomolog">BioMart rows whose query gene has no homolog; 0 for other layouts.</param>
/// <param name="RowsWithUnnamedGene">
/// Rows that name a homolog but lack one of the two symbols, so they give no pair in <see cref="Pairs"/>.
/// </param>
/// <param name="Pairs">
/// Duplicates and one-to-one counts of the symbol pairs (<see cref="OrthologTable.Pairs"/>; for a multi-species
/// table the pairs of its first two species, one per row).
/// </param>
/// <param name="HomologyTypeCounts">
/// Rows per homology type as written: BioMart <c>homology type</c> over the pairs, CACIMAR <c>Type</c> over all rows;
/// empty for pair tables. Sorted by key.
/// </param>
/// <param name="ConfidenceCounts">
/// Pairs per orthology confidence (<c>0</c>, <c>1</c>, <c>missing</c>): from BioMart, or from a pair table's
/// <c>orthology confidence</c> column; empty otherwise. Sorted by key.
/// </param>
public sealed record OrthologTableSummary(
    OrthologTableKind Kind,
    string FilePath,
    string GeneAColumn,
    string GeneBColumn,
    int Rows,
    int RowsWithoutHomolog,
    int RowsWithUnnamedGene,
    PairTableReport Pairs,
    IReadOnlyDictionary<string, int> HomologyTypeCounts,
    IReadOnlyDictionary<string, int> ConfidenceCounts)
{
    /// <summary>
    /// For a pair table with text columns (<see cref="GenePairTable.TextColumnNames"/>, such as <c>source</c>): per
    /// column, the rows per value as written. Empty otherwise. Sorted by column name, and each by value.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> TextColumnCounts { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, int>>();

    /// <summary>
    /// For a multi-species table: each species column in order with its distinct genes and whether it is one-to-one
    /// (no gene in two rows). Empty for other layouts. <see cref="Rows"/> is the table's row count.
    /// </summary>
    public IReadOnlyList<SpeciesColumnSummary> SpeciesColumns { get; init; } = [];
}
