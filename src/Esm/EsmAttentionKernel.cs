namespace PllmML.Esm;

/// <summary>How attention is computed by the TorchSharp backend.</summary>
public enum EsmAttentionKernel
{
    /// <summary>
    /// libtorch's fused <c>scaled_dot_product_attention</c> (no materialised score matrix on the fast paths). It
    /// applies the 1/√head_dim scaling itself, after rotary rather than before as fair-esm does; rotation is linear,
    /// so the two orders agree up to float rounding (measured ≤ 1e-6 on the goldens).
    /// </summary>
    Fused,

    /// <summary>fair-esm's exact sequence of operations: scale q, rotate, q·kᵀ, mask padded keys with −∞, softmax,
    /// ·v. Slower; kept as the reference.</summary>
    Reference,
}
