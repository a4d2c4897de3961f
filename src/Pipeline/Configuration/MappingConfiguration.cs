namespace PllmML.Pipeline.Configuration;

/// <summary>The <c>mapping</c> section: the protein map between the proteomes.</summary>
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

    /// <summary>
    /// With three or more species: <c>reference</c> maps each species against the reference species (default),
    /// <c>all</c> maps every species pair (the reference's pairs are composed through other species where a direct map
    /// is missing, and the cycles of one-to-one maps are reported).
    /// </summary>
    public string Pairs { get; set; } = "reference";
}
