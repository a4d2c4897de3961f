namespace PllmML.Pipeline.Configuration;

/// <summary>A gene map from two species' gene embeddings (TSV, safetensors, Parquet or the original's <c>.pt</c>): a pLLM variant.</summary>
public sealed class EmbeddingMapConfiguration
{
    /// <summary>The reference species' gene embeddings.</summary>
    public string From { get; set; } = string.Empty;

    /// <summary>The other species' gene embeddings.</summary>
    public string To { get; set; } = string.Empty;

    /// <summary>mbh, greedy, stable or many.</summary>
    public string Strategy { get; set; } = "greedy";

    /// <summary>pearson or cosine.</summary>
    public string Metric { get; set; } = "pearson";

    /// <summary>Neighbours kept per gene of either side.</summary>
    public int TopK { get; set; } = global::PllmML.Homology.Embeddings.GeneSimilarityOptions.Defaults.TopK;

    /// <summary>Pairs scoring below this are dropped.</summary>
    public float? MinScore { get; set; }
}
