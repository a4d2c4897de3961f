namespace PllmML.Esm.Embedding;

/// <summary>What happens to proteins longer than the model's 1022-residue window.</summary>
public enum LongSequenceMode
{
    /// <summary>
    /// extract.py's rule (the default): keep the first <see cref="ProteinEmbeddingOptions.Truncation"/> residues, so
    /// the embedding describes only the N-terminal part of a long protein.
    /// </summary>
    Truncate,

    /// <summary>
    /// Cover the whole protein with overlapping windows of <see cref="ProteinEmbeddingOptions.Truncation"/> residues,
    /// <see cref="ProteinEmbeddingOptions.WindowStride"/> apart (the last window ends at the last residue); each
    /// window runs as its own sequence with <c>&lt;cls&gt;</c>/<c>&lt;eos&gt;</c>, each residue's state is the mean
    /// over the windows that contain it, and the protein's embedding is the mean over all residues. Differs from
    /// extract.py for proteins over 1022 residues only; residues near window edges see less context than in one pass.
    /// </summary>
    SlidingWindow,
}
