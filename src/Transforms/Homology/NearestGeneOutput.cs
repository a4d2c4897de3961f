namespace PllmML.Transforms.Homology;

/// <summary>The columns the nearest-gene mapping adds.</summary>
public sealed class NearestGeneOutput
{
    /// <summary>The most similar species-B gene.</summary>
    public string MatchedGene { get; set; } = string.Empty;

    /// <summary>Its similarity (Pearson or cosine).</summary>
    public float Score { get; set; }

    /// <summary>The best k species-B genes, best first (ties by fitted row order).</summary>
    public string[] MatchedGenes { get; set; } = [];

    /// <summary>Their similarities.</summary>
    public float[] MatchedScores { get; set; } = [];
}
