namespace PllmML.Esm.Embedding;

/// <summary>How <see cref="EmbeddingStore.Merge"/> treats a key that both stores hold.</summary>
public sealed record EmbeddingMergeOptions
{
    /// <summary>The default <see cref="Tolerance"/>.</summary>
    public const float DefaultTolerance = 1e-4f;

    /// <summary>The largest absolute difference, per value, at which two vectors under one key still agree. The same
    /// sequence embedded in differently padded batches differs by rounding (about 1e-6 in float32); anything larger
    /// means the stores were not made the same way. Default 1e-4; 0 demands bitwise-equal values.</summary>
    public float Tolerance { get; init; } = DefaultTolerance;

    /// <summary>When true, a conflicting key keeps the target's vector and is counted in
    /// <see cref="EmbeddingMergeSummary.Conflicts"/>; when false (the default) the first conflict stops the merge with
    /// an <see cref="EmbeddingStoreConflictException"/> and the target is left as it was.</summary>
    public bool KeepExistingOnConflict { get; init; }
}
