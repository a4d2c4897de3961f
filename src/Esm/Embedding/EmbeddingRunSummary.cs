namespace PllmML.Esm.Embedding;

/// <summary>What an embedding run did.</summary>
/// <param name="Proteins">Protein records given.</param>
/// <param name="UniqueSequences">Distinct sequences among them that this run is responsible for (all of them, or
/// those of its <see cref="ProteinEmbeddingOptions.Shard"/>); identical sequences are embedded once.</param>
/// <param name="Reused">Unique sequences found in the store for every requested layer.</param>
/// <param name="Computed">Unique sequences run through the model.</param>
/// <param name="ResiduesComputed">Residues run through the model (after truncation; windows overlap).</param>
/// <param name="Truncated">Computed sequences longer than the truncation limit.</param>
/// <param name="Batches">Model calls.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record EmbeddingRunSummary(
    int Proteins, int UniqueSequences, int Reused, int Computed, long ResiduesComputed, int Truncated, int Batches, TimeSpan Elapsed)
{
    /// <summary>Distinct sequences left to the other shards (0 for an unsharded run).</summary>
    public int OtherShards { get; init; }

    /// <summary>Residues per second of model time.</summary>
    public double ResiduesPerSecond => Elapsed.TotalSeconds > 0 ? ResiduesComputed / Elapsed.TotalSeconds : 0;
}
