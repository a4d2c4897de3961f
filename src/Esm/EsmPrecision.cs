namespace PllmML.Esm;

/// <summary>The arithmetic of the TorchSharp backend's matrix products.</summary>
public enum EsmPrecision
{
    /// <summary>float32 throughout: the default and the only exact mode (≤ 1e-5 against the official model).</summary>
    Fp32,

    /// <summary>
    /// bfloat16 weights and matrix products (projections, attention, FFN) with the residual stream, LayerNorms and
    /// embeddings kept in float32. Opt-in: faster on CPUs with AVX512_BF16 or AMX and on CUDA GPUs, not exact
    /// (deviations are recorded in benchmarks/Esm/README.md). Embeddings are stored under a model identity of their
    /// own, so they never mix with float32 ones in a store.
    /// </summary>
    Bf16,
}
