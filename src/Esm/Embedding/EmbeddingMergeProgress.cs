namespace PllmML.Esm.Embedding;

/// <summary>Progress of <see cref="EmbeddingStore.Merge"/>.</summary>
/// <param name="Store">The source store being read.</param>
/// <param name="StoresDone">Source stores finished.</param>
/// <param name="StoreCount">Source stores in all.</param>
/// <param name="RowsDone">Source rows read so far.</param>
/// <param name="RowsTotal">Source rows in all.</param>
/// <param name="Elapsed">Wall time so far.</param>
public sealed record EmbeddingMergeProgress(string Store, int StoresDone, int StoreCount, long RowsDone, long RowsTotal, TimeSpan Elapsed);
