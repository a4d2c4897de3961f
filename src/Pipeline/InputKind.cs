namespace PllmML.Pipeline;

/// <summary>What a cell matrix holds (config <c>inputs[].kind</c>, <c>pllm predict --input-kind</c>).</summary>
public enum InputKind
{
    /// <summary>Raw counts: whole numbers ≥ 0, normalised by the model.</summary>
    Counts,

    /// <summary>
    /// Log-normalised values, ln(1 + count · s / total) for any target sum s (scanpy's <c>normalize_total</c> + <c>log1p</c>,
    /// Seurat's <c>LogNormalize</c>): turned back into relative counts by expm1, which the model's own library-size
    /// normalisation makes exactly what it would have computed from the counts.
    /// </summary>
    LogNormalized,
}
