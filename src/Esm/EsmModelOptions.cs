namespace PllmML.Esm;

/// <summary>Options of the TorchSharp ESM-2 backend.</summary>
public sealed record EsmModelOptions
{
    /// <summary>The device; <see cref="EsmDevice.Cpu"/> by default.</summary>
    public EsmDevice Device { get; init; } = EsmDevice.Cpu;

    /// <summary>The attention implementation; <see cref="EsmAttentionKernel.Fused"/> by default.</summary>
    public EsmAttentionKernel Attention { get; init; } = EsmAttentionKernel.Fused;

    /// <summary>The precision of the matrix products; <see cref="EsmPrecision.Fp32"/> (exact) by default.</summary>
    public EsmPrecision Precision { get; init; } = EsmPrecision.Fp32;

    /// <summary>libtorch's intra-op CPU threads (process-wide); null leaves libtorch's default.</summary>
    public int? ThreadCount { get; init; }

    /// <summary>The most values (tokens × width) of one activation on the CPU: a batch runs in consecutive groups
    /// of sequences within it (see <see cref="EsmModel"/>); 2^21 floats = 8 MB.</summary>
    internal int CpuGroupValues { get; init; } = 1 << 21;
}
