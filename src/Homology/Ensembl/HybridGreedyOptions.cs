namespace PllmML.Homology.Ensembl;

/// <summary>Fill values of the hl-o2o hybrid.</summary>
public sealed record HybridGreedyOptions
{
    /// <summary>
    /// The correlation of a candidate that has none (a gene without an embedding). The original used the median of
    /// the whole correlation matrix; when null, the median of the candidates' known correlations is used instead.
    /// </summary>
    public double? MissingCorrelation { get; init; }
}
