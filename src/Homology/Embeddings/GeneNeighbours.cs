using PllmML.Kernels.Similarity;

namespace PllmML.Homology.Embeddings;

/// <summary>
/// The result of comparing the gene embeddings of two species: both gene lists, the unit vectors (for scores on
/// demand) and the top-k of every gene of either side.
/// </summary>
/// <param name="GenesA">Species-A gene names, by row.</param>
/// <param name="GenesB">Species-B gene names, by row.</param>
/// <param name="Vectors">Both sides as unit vectors; <see cref="UnitEmbeddingPair.Score"/> gives any pair's score.</param>
/// <param name="TopK">The top-k of each A gene among B and of each B gene among A.</param>
public sealed record GeneNeighbours(
    IReadOnlyList<string> GenesA, IReadOnlyList<string> GenesB, UnitEmbeddingPair Vectors, SimilarityTopK TopK)
{
    /// <summary>The similarity metric.</summary>
    public SimilarityMetric Metric => Vectors.Metric;

    /// <summary>The score column name the original project uses for this metric (<c>correlation</c> for Pearson).</summary>
    public string ScoreColumnName => Metric == SimilarityMetric.Pearson ? "correlation" : "cosine";
}
