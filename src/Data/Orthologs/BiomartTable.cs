namespace PllmML.Data.Orthologs;

/// <summary>
/// An Ensembl BioMart homologue export (the seed's ENS_M2M layout): every data row in file order, including query
/// genes without a homolog, which BioMart lists with empty homolog columns.
/// </summary>
public sealed class BiomartTable
{
    private const string GeneNameSuffix = " gene name";

    /// <summary>Creates the table from its rows.</summary>
    /// <param name="filePath">The file the rows came from (empty when built in memory).</param>
    /// <param name="queryGeneColumn">The query gene column name (<c>Gene name</c>).</param>
    /// <param name="targetGeneColumn">The homolog column name (<c>Mouse gene name</c>).</param>
    /// <param name="rows">Every data row, in file order.</param>
    public BiomartTable(
        string filePath, string queryGeneColumn, string targetGeneColumn, IReadOnlyList<BiomartHomolog> rows)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(queryGeneColumn);
        ArgumentNullException.ThrowIfNull(targetGeneColumn);
        ArgumentNullException.ThrowIfNull(rows);
        FilePath = filePath;
        QueryGeneColumn = queryGeneColumn;
        TargetGeneColumn = targetGeneColumn;
        Rows = rows;
        Homologs = rows.Where(row => row.HasBothGenes).ToArray();
        RowsWithoutHomolog = rows.Count(row => !row.HasHomolog);
        GenesWithoutHomolog = rows
            .Where(row => !row.HasHomolog && row.QueryGene.Length > 0)
            .Select(row => row.QueryGene)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The file the table was read from.</summary>
    public string FilePath { get; }

    /// <summary>The query gene column name, as written (<c>Gene name</c>).</summary>
    public string QueryGeneColumn { get; }

    /// <summary>The homolog column name, as written (<c>Mouse gene name</c>).</summary>
    public string TargetGeneColumn { get; }

    /// <summary>The target species as the column names spell it (<c>Mouse</c>).</summary>
    public string TargetSpecies =>
        TargetGeneColumn.EndsWith(GeneNameSuffix, StringComparison.OrdinalIgnoreCase)
            ? TargetGeneColumn[..^GeneNameSuffix.Length].Trim()
            : TargetGeneColumn;

    /// <summary>Every data row, in file order.</summary>
    public IReadOnlyList<BiomartHomolog> Rows { get; }

    /// <summary>The rows where both gene symbols are filled, in file order (the input of symbol-level strategies).</summary>
    public IReadOnlyList<BiomartHomolog> Homologs { get; }

    /// <summary>Rows with no homolog at all (homolog symbol, stable ID and homology type all empty).</summary>
    public int RowsWithoutHomolog { get; }

    /// <summary>
    /// Rows that name a homolog but lack the query or the homolog symbol (the homolog has only a stable ID, or the
    /// query gene has no symbol): <c>Rows.Count - Homologs.Count - RowsWithoutHomolog</c>.
    /// </summary>
    public int RowsWithUnnamedGene => Rows.Count - Homologs.Count - RowsWithoutHomolog;

    /// <summary>Distinct query gene symbols of rows without a homolog, in file order.</summary>
    /// <remarks>A symbol shared by several stable IDs may also have homologs in other rows.</remarks>
    public IReadOnlyList<string> GenesWithoutHomolog { get; }

    /// <summary>
    /// The <see cref="Homologs"/> as a pair table with the extra columns <c>identical_scores</c> (the NaN-skipping
    /// mean of the two percent identities, also the pairs' score) and <c>orthology confidence</c> (NaN when empty).
    /// </summary>
    public GenePairTable ToPairTable() => new(
        QueryGeneColumn,
        TargetGeneColumn,
        Homologs.Select(row => new GenePair(row.QueryGene, row.TargetGene, row.MeanIdentity)).ToArray(),
        ["identical_scores", "orthology confidence"],
        [
            Homologs.Select(row => row.MeanIdentity).ToArray(),
            Homologs.Select(row => row.Confidence is { } value ? value : double.NaN).ToArray(),
        ]);
}
