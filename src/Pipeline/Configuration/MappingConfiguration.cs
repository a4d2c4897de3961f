namespace PllmML.Pipeline.Configuration;

/// <summary>The <c>mapping</c> section: the protein map between the two proteomes.</summary>
public sealed class MappingConfiguration
{
    /// <summary>mbh, greedy, stable or many.</summary>
    public string Strategy { get; set; } = "greedy";

    /// <summary>pearson or cosine.</summary>
    public string Metric { get; set; } = "pearson";

    /// <summary>Neighbours kept per protein of either side.</summary>
    public int TopK { get; set; } = global::PllmML.Homology.Embeddings.GeneSimilarityOptions.Defaults.TopK;

    /// <summary>Pairs scoring below this are dropped.</summary>
    public float? MinScore { get; set; }
}
