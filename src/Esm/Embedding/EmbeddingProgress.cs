namespace PllmML.Esm.Embedding;

/// <summary>Where an embedding run stands; reported after every batch.</summary>
/// <param name="SequencesDone">Unique sequences finished (computed or found in the store).</param>
/// <param name="SequencesTotal">Unique sequences in the run.</param>
/// <param name="ResiduesComputed">Residues run through the model so far in this run.</param>
/// <param name="ResiduesToCompute">Residues this run has to compute (store hits excluded).</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record EmbeddingProgress(int SequencesDone, int SequencesTotal, long ResiduesComputed, long ResiduesToCompute, TimeSpan Elapsed)
{
    /// <summary>Residues per second computed so far.</summary>
    public double ResiduesPerSecond => Elapsed.TotalSeconds > 0 ? ResiduesComputed / Elapsed.TotalSeconds : 0;

    /// <summary>The estimated time left, from the residue rate; null before the first batch.</summary>
    public TimeSpan? Remaining => ResiduesComputed > 0
        ? TimeSpan.FromSeconds((ResiduesToCompute - ResiduesComputed) / ResiduesPerSecond)
        : null;
}
