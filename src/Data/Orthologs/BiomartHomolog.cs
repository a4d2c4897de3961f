namespace PllmML.Data.Orthologs;

/// <summary>
/// One data row of an Ensembl BioMart homologue export: a query gene and (when it has one) one of its homologs in
/// the target species. Text fields that are empty or whose column is absent are empty strings; numeric fields that
/// are empty or absent are <see cref="double.NaN"/> (<see cref="Confidence"/>: null).
/// </summary>
public sealed record BiomartHomolog
{
    /// <summary>The 1-based line of the row in its file (line 1 is the header); rows keep file order.</summary>
    public required long LineNumber { get; init; }

    /// <summary>The query gene's stable ID (<c>Gene stable ID</c>), or empty.</summary>
    public string QueryGeneId { get; init; } = string.Empty;

    /// <summary>The query gene's symbol (<c>Gene name</c>), or empty.</summary>
    public required string QueryGene { get; init; }

    /// <summary>The homolog's stable ID (<c>&lt;Species&gt; gene stable ID</c>), or empty.</summary>
    public string TargetGeneId { get; init; } = string.Empty;

    /// <summary>The homolog's symbol (<c>&lt;Species&gt; gene name</c>), or empty.</summary>
    public required string TargetGene { get; init; }

    /// <summary>The homology type.</summary>
    public HomologyType HomologyType { get; init; }

    /// <summary>The homology type as written (<c>ortholog_one2one</c>, …), or empty.</summary>
    public string HomologyTypeName { get; init; } = string.Empty;

    /// <summary>Percent of the target protein identical to the query (<c>%id. target … identical to query gene</c>).</summary>
    public double TargetIdentity { get; init; } = double.NaN;

    /// <summary>Percent of the query protein identical to the target (<c>%id. query gene identical to target …</c>).</summary>
    public double QueryIdentity { get; init; } = double.NaN;

    /// <summary>The gene-order conservation score (0–100).</summary>
    public double GeneOrderConservation { get; init; } = double.NaN;

    /// <summary>The whole-genome alignment coverage (0–100).</summary>
    public double WholeGenomeAlignmentCoverage { get; init; } = double.NaN;

    /// <summary>The orthology confidence (0 low, 1 high), or null when empty.</summary>
    public int? Confidence { get; init; }

    /// <summary>
    /// The mean of the two percent identities, skipping NaN (the seed's <c>identical_scores</c>); NaN when both are
    /// missing.
    /// </summary>
    public double MeanIdentity => (double.IsNaN(TargetIdentity), double.IsNaN(QueryIdentity)) switch
    {
        (false, false) => (TargetIdentity + QueryIdentity) / 2,
        (false, true) => TargetIdentity,
        (true, false) => QueryIdentity,
        _ => double.NaN,
    };

    /// <summary>Whether the row names a homolog (its symbol, stable ID or homology type is filled).</summary>
    public bool HasHomolog =>
        TargetGene.Length > 0 || TargetGeneId.Length > 0 || HomologyTypeName.Length > 0;

    /// <summary>Whether both gene symbols are filled: the rows that symbol-level strategies use.</summary>
    public bool HasBothGenes => QueryGene.Length > 0 && TargetGene.Length > 0;
}
