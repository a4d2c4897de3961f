using PllmML.Data.Proteins;

namespace PllmML.Esm.Embedding;

/// <summary>How a proteome is embedded. The defaults are fair-esm <c>extract.py</c>'s: last layer, mean over
/// residues, truncation to 1022 residues, length-sorted batches of at most 4096 tokens.</summary>
public sealed record ProteinEmbeddingOptions
{
    /// <summary>Representation layers (fair-esm numbering, −1 = last). Default: the last layer.</summary>
    public IReadOnlyList<int> Layers { get; init; } = [-1];

    /// <summary>The token budget of one batch: longest sequence (with <c>&lt;cls&gt;</c>/<c>&lt;eos&gt;</c>) × batch
    /// size stays within it (a single longer sequence runs alone). Default 4096, as extract.py.</summary>
    public int MaxTokens { get; init; } = 4096;

    /// <summary>The most residues per model call. Default 1022.</summary>
    public int Truncation { get; init; } = EsmAlphabet.DefaultTruncation;

    /// <summary>What to do with longer proteins. Default <see cref="LongSequenceMode.Truncate"/>.</summary>
    public LongSequenceMode LongSequences { get; init; } = LongSequenceMode.Truncate;

    /// <summary>Residues between window starts in <see cref="LongSequenceMode.SlidingWindow"/> mode. Default 511.</summary>
    public int WindowStride { get; init; } = 511;

    /// <summary>When set, only the distinct sequences of this shard are embedded (see <see cref="EmbeddingShard"/>);
    /// the others are left to the other shards' runs. Not part of the stored key: shards' stores merge into one.
    /// Default: null, every sequence.</summary>
    public EmbeddingShard? Shard { get; init; }

    /// <summary>The pooling descriptor stored with each embedding, e.g. <c>mean/truncate1022</c>.</summary>
    public string PoolingDescriptor => LongSequences == LongSequenceMode.Truncate
        ? $"mean/truncate{Truncation}"
        : $"mean/window{Truncation}stride{WindowStride}";
}
