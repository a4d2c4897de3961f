namespace PllmML.Kernels.Similarity;

/// <summary>How two gene embeddings are compared.</summary>
public enum SimilarityMetric
{
    /// <summary>Cosine similarity: <c>a·b / (‖a‖‖b‖)</c>.</summary>
    Cosine,

    /// <summary>
    /// Pearson correlation across embedding dimensions: the cosine of the vectors after each is centred on its own
    /// mean — the original project's choice (LM_O2O).
    /// </summary>
    Pearson,
}
