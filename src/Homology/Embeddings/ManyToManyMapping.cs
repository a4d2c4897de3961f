using PllmML.Data.Orthologs;

namespace PllmML.Homology.Embeddings;

/// <summary>
/// Many-to-many: every pair within the top-k of either of its genes whose score is at least a threshold, so paralogs
/// and one-to-many orthologs survive (the original's one-to-one strategies drop them; SAMap keeps such edges).
/// </summary>
public static class ManyToManyMapping
{
    /// <summary>Finds the pairs, ordered by score desc, then gene A, then gene B.</summary>
    /// <param name="neighbours">The search result.</param>
    /// <param name="minScore">The lowest score kept.</param>
    /// <param name="speciesA">Species A as the header should name it (<c>human</c>).</param>
    /// <param name="speciesB">Species B.</param>
    /// <returns>
    /// A table with the score column (<c>correlation</c> or <c>cosine</c>) and each pair's 1-based rank in gene A's
    /// list (<c>rank_in_a</c>) and in gene B's list (<c>rank_in_b</c>); NaN where the pair is not in that list.
    /// </returns>
    public static GenePairTable Find(
        GeneNeighbours neighbours, float minScore, string speciesA = "A", string speciesB = "B")
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        var ranked = TopKPairs.Collect(neighbours, minScore);
        var pairs = ranked.Select(entry => entry.Pair).ToArray();
        return new GenePairTable(
            $"{speciesA} gene name",
            $"{speciesB} gene name",
            pairs,
            [neighbours.ScoreColumnName, "rank_in_a", "rank_in_b"],
            [
                pairs.Select(pair => pair.Score).ToArray(),
                ranked.Select(entry => entry.RankInA > 0 ? entry.RankInA : double.NaN).ToArray(),
                ranked.Select(entry => entry.RankInB > 0 ? entry.RankInB : double.NaN).ToArray(),
            ]);
    }
}
