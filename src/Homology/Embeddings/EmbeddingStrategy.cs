namespace PllmML.Homology.Embeddings;

/// <summary>The set-level strategies that map genes from embeddings alone.</summary>
public enum EmbeddingStrategy
{
    /// <summary>Mutual best hits (<c>mbh</c>).</summary>
    MutualBestHits,

    /// <summary>Global greedy one-to-one (<c>greedy</c>), the original LM_O2O final step.</summary>
    Greedy,

    /// <summary>Gale–Shapley stable matching, species A proposing (<c>stable</c>).</summary>
    Stable,

    /// <summary>Many-to-many: top-k of either side above a threshold (<c>many</c>).</summary>
    ManyToMany,
}
