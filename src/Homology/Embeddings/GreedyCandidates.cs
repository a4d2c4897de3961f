namespace PllmML.Homology.Embeddings;

/// <summary>Which pairs the greedy one-to-one strategy may choose from.</summary>
public enum GreedyCandidates
{
    /// <summary>Every pair in the top-k of either of its genes.</summary>
    TopK,

    /// <summary>Only mutual best hits (the original README's LM_O2O: greedy over double best hits).</summary>
    MutualBestHits,
}
