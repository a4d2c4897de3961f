using PllmML.Data.Orthologs;

namespace PllmML.Homology.Embeddings;

/// <summary>
/// Global greedy one-to-one over candidate pairs sorted by score desc, then gene A name, then gene B name (ordinal);
/// a pair is accepted iff neither gene is used yet — the original LM_O2O final step.
/// </summary>
public static class GreedyMatching
{
    /// <summary>Matches.</summary>
    /// <param name="neighbours">The search result.</param>
    /// <param name="candidates">Top-k pairs of either side, or mutual best hits only.</param>
    /// <returns>The accepted pairs, in acceptance order.</returns>
    public static IReadOnlyList<GenePair> Match(GeneNeighbours neighbours, GreedyCandidates candidates = GreedyCandidates.TopK)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        var pool = candidates == GreedyCandidates.MutualBestHits
            ? MutualBestHits.Find(neighbours)
            : TopKPairs.Collect(neighbours, float.NegativeInfinity).Select(pair => pair.Pair).ToList();
        return GreedyOneToOne.Match(pool, pair => pair.GeneA, pair => pair.GeneB, GenePairOrder.ByScoreThenNames);
    }
}
