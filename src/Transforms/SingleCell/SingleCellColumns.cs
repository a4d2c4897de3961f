namespace PllmML.Transforms.SingleCell;

/// <summary>The column names the single-cell stages read and write (rows are cells).</summary>
public static class SingleCellColumns
{
    /// <summary>The cell's species (text); routes each cell to its species' gene map and corrections.</summary>
    public const string Species = "Species";

    /// <summary>Raw counts in the species' model gene order (variable-size vector of Single).</summary>
    public const string Counts = "Counts";

    /// <summary>Optional cell-type label (text) for training the classifier.</summary>
    public const string Label = "Label";

    /// <summary>Optional donor (text), an extra Harmony covariate.</summary>
    public const string Donor = "Donor";

    /// <summary>Raw counts on the shared gene features.</summary>
    public const string SharedCounts = "SharedCounts";

    /// <summary>Log-normalised shared features.</summary>
    public const string Normalized = "Normalized";

    /// <summary>The highly variable genes' log-normalised values.</summary>
    public const string VariableGenes = "VariableGenes";

    /// <summary>Standardised and clipped variable genes.</summary>
    public const string Scaled = "Scaled";

    /// <summary>Principal component scores.</summary>
    public const string Pca = "Pca";

    /// <summary>The integrated embedding (Harmony-corrected PCA scores).</summary>
    public const string Embedding = "Embedding";

    /// <summary>The embedding padded with zeros to <see cref="MaxEmbeddingWidth"/> slots: the classifier's features.</summary>
    public const string Features = "Features";

    /// <summary>
    /// Width of <see cref="Features"/>. ML.NET trainers need a vector size known from the schema, and a custom
    /// mapping can only declare sizes as compile-time constants (its run-time schema is not saved), so embeddings of
    /// up to this many dimensions are padded to it.
    /// </summary>
    public const int MaxEmbeddingWidth = 100;
}
