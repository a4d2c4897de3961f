using PllmML.Esm;
using PllmML.Esm.Embedding;

namespace PllmML.Pipeline;

/// <summary>How <see cref="ProteomeEmbedding"/> embeds proteins: the model, the device, the store and the batching.</summary>
public sealed record ProteomeEmbeddingSettings
{
    /// <summary>A checkpoint path or a published name (resolved by <see cref="Esm.Models.EsmModelCatalog"/>).</summary>
    public required string Model { get; init; }

    /// <summary>CPU or CUDA.</summary>
    public EsmDevice Device { get; init; } = EsmDevice.Cpu;

    /// <summary>fp32 (default, exact) or bf16 matrix products (opt-in, not exact).</summary>
    public EsmPrecision Precision { get; init; } = EsmPrecision.Fp32;

    /// <summary>CPU threads (null: libtorch's choice).</summary>
    public int? Threads { get; init; }

    /// <summary>The representation layer (-1 = the last).</summary>
    public int Layer { get; init; } = -1;

    /// <summary>Token budget per batch.</summary>
    public int MaxTokens { get; init; } = 4096;

    /// <summary>Truncate long sequences (as extract.py) or average sliding windows.</summary>
    public LongSequenceMode LongSequences { get; init; } = LongSequenceMode.Truncate;

    /// <summary>Only this shard of the distinct sequences (null: all).</summary>
    public EmbeddingShard? Shard { get; init; }

    /// <summary>The store folder (null: in memory).</summary>
    public string? Store { get; init; }

    /// <summary>Open only an existing store (a mistyped path is not created empty).</summary>
    public bool ExistingStoreOnly { get; init; }
}
