namespace PllmML.Kernels.Similarity;

/// <summary>
/// Fused similarity + top-k search between two embedding sets: every A gene against every B gene, keeping the top-k
/// of each row and of each column, without materialising the A × B matrix.
/// </summary>
public interface ISimilaritySearch : IDisposable
{
    /// <summary>A short description of where the search runs (for logs and reports).</summary>
    string DeviceName { get; }

    /// <summary>Searches.</summary>
    /// <param name="pair">Both sides, normalised for the metric.</param>
    /// <param name="k">Neighbours kept per gene of either side.</param>
    /// <returns>The top-k of every A gene among B and of every B gene among A; ties by index ascending.</returns>
    SimilarityTopK Search(UnitEmbeddingPair pair, int k);
}
