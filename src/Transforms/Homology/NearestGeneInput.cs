namespace PllmML.Transforms.Homology;

/// <summary>The row the nearest-gene mapping reads: one species-A gene embedding (column <c>Embedding</c>).</summary>
public sealed class NearestGeneInput
{
    /// <summary>The embedding; its width must equal the fitted species-B embeddings'.</summary>
    public float[]? Embedding { get; set; }
}
