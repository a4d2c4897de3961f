namespace PllmML.Evaluation;

/// <summary>Parameters of <see cref="ScibMetrics.Compute"/>, defaulting to scib / scib-metrics' values.</summary>
public sealed class ScibOptions
{
    /// <summary>Neighbours for LISI (scib-metrics: 90 including the cell, so 89 others).</summary>
    public int LisiNeighborCount { get; set; } = Lisi.DefaultNeighborCount;

    /// <summary>LISI perplexity (scib: 30).</summary>
    public double Perplexity { get; set; } = Lisi.DefaultPerplexity;

    /// <summary>Neighbours of the graph for connectivity and Louvain clustering (15).</summary>
    public int GraphNeighborCount { get; set; } = 15;

    /// <summary>kBET significance level (0.05).</summary>
    public double KbetAlpha { get; set; } = 0.05;

    /// <summary>Louvain resolutions searched for the best NMI (scib: 0.2, 0.4, …, 2.0).</summary>
    public IReadOnlyList<double> Resolutions { get; set; } = [.. Enumerable.Range(1, 10).Select(i => Math.Round(i * 0.2, 10))];

    /// <summary>Seed for k-means++ and the Louvain node order.</summary>
    public int Seed { get; set; }

    /// <summary>k-means restarts (sklearn 1.2: 10).</summary>
    public int KMeansRestarts { get; set; } = 10;

    /// <summary>
    /// Silhouettes (label, isolated labels, and each cell type's batch silhouette) over at most this many cells are
    /// computed for every cell, as sklearn does (50,000); above it, exactly for a stratified sample of the cells
    /// (<see cref="SilhouetteSamplePerGroup"/>), and the mean is an estimate (said in the metric's note).
    /// </summary>
    public int SilhouetteExactLimit { get; set; } = 50_000;

    /// <summary>Cells per group (cell type; batch within a cell type for the batch silhouette) in a silhouette sample (1,000).</summary>
    public int SilhouetteSamplePerGroup { get; set; } = 1_000;

    /// <summary>Principal components for PCR (scib: 50).</summary>
    public int PcrComponentCount { get; set; } = PrincipalComponentRegression.DefaultComponentCount;
}
