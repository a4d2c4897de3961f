using PllmML.Data.Orthologs;

namespace PllmML.Homology.Embeddings;

/// <summary>The library entry point of embedding-based mapping: one strategy applied to a search result.</summary>
public static class EmbeddingMapping
{
    /// <summary>Maps species-A genes to species-B genes.</summary>
    /// <param name="neighbours">The similarity search result.</param>
    /// <param name="strategy">The strategy.</param>
    /// <param name="speciesA">Species A as the header should name it (<c>human</c>).</param>
    /// <param name="speciesB">Species B (<c>mice</c>).</param>
    /// <param name="minScore">Pairs scoring below are dropped (every strategy); none when null.</param>
    /// <param name="candidates">For <see cref="EmbeddingStrategy.Greedy"/>: top-k pairs or mutual best hits.</param>
    /// <returns>
    /// <c>&lt;A&gt; gene name,&lt;B&gt; gene name,correlation</c> (or <c>cosine</c>) — the original LM_O2O layout;
    /// many-to-many adds <c>rank_in_a</c> and <c>rank_in_b</c>.
    /// </returns>
    public static GenePairTable Map(
        GeneNeighbours neighbours,
        EmbeddingStrategy strategy,
        string speciesA,
        string speciesB,
        float? minScore = null,
        GreedyCandidates candidates = GreedyCandidates.TopK)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        if (strategy == EmbeddingStrategy.ManyToMany)
        {
            return ManyToManyMapping.Find(neighbours, minScore ?? float.NegativeInfinity, speciesA, speciesB);
        }

        var pairs = strategy switch
        {
            EmbeddingStrategy.MutualBestHits => MutualBestHits.Find(neighbours),
            EmbeddingStrategy.Greedy => GreedyMatching.Match(neighbours, candidates),
            EmbeddingStrategy.Stable => StableMatching.Match(neighbours),
            _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown strategy."),
        };
        var kept = minScore is { } threshold ? pairs.Where(pair => pair.Score >= threshold) : pairs;
        return GenePairTable.Create(speciesA, speciesB, kept, neighbours.ScoreColumnName);
    }
}
