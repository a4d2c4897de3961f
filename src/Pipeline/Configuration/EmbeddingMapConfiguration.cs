namespace PllmML.Pipeline.Configuration;

/// <summary>
/// A gene map from the species' gene embeddings (TSV, safetensors, Parquet or the original's <c>.pt</c>): a pLLM variant.
/// Two species: <see cref="From"/> (the reference) and <see cref="To"/>; any number: <see cref="Files"/>, one file per
/// species, each non-reference species mapped against the reference.
/// </summary>
public sealed class EmbeddingMapConfiguration
{
    /// <summary>The reference species' gene embeddings (two species).</summary>
    public string From { get; set; } = string.Empty;

    /// <summary>The other species' gene embeddings (two species).</summary>
    public string To { get; set; } = string.Empty;

    /// <summary>
    /// Instead of <see cref="From"/> and <see cref="To"/>: species name → its gene embeddings, for every input species;
    /// each non-reference species is mapped against the reference (as <c>mapping.pairs: reference</c>).
    /// </summary>
    public Dictionary<string, string>? Files { get; set; }

    /// <summary>mbh, greedy, stable or many.</summary>
    public string Strategy { get; set; } = "greedy";

    /// <summary>pearson or cosine.</summary>
    public string Metric { get; set; } = "pearson";

    /// <summary>Neighbours kept per gene of either side.</summary>
    public int TopK { get; set; } = global::PllmML.Homology.Embeddings.GeneSimilarityOptions.Defaults.TopK;

    /// <summary>Pairs scoring below this are dropped.</summary>
    public float? MinScore { get; set; }
}
