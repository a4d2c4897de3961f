namespace PllmML.Esm.Embedding;

/// <summary>What <see cref="EmbeddingStore.Merge"/> did.</summary>
/// <param name="Stores">Source stores read.</param>
/// <param name="RowsRead">Rows read from them.</param>
/// <param name="Added">Rows new to the target, now written.</param>
/// <param name="AlreadyPresent">Rows the target already held with an agreeing vector (left as they were).</param>
/// <param name="Conflicts">Rows the target held with a different vector and kept (only with
/// <see cref="EmbeddingMergeOptions.KeepExistingOnConflict"/>; otherwise a conflict throws).</param>
/// <param name="LargestDifference">The largest absolute difference between agreeing vectors (0 when all were
/// bitwise equal).</param>
/// <param name="Groups">The counts per model, layer and pooling descriptor, in key order.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record EmbeddingMergeSummary(
    int Stores, long RowsRead, long Added, long AlreadyPresent, long Conflicts, float LargestDifference, IReadOnlyList<EmbeddingGroupCount> Groups, TimeSpan Elapsed);
