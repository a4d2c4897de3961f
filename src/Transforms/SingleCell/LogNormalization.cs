namespace PllmML.Transforms.SingleCell;

/// <summary>
/// Library-size normalisation and log1p: each count is divided by its cell's total, multiplied by a target sum, and
/// replaced by ln(1 + value) — scanpy's <c>normalize_total(target_sum)</c> followed by <c>log1p</c>, which is Seurat's
/// <c>NormalizeData(normalization.method = "LogNormalize", scale.factor)</c>. A cell whose total is zero stays zero.
/// </summary>
public static class LogNormalization
{
    /// <summary>The default target sum (Seurat's scale.factor, scanpy's usual choice).</summary>
    public const float DefaultTargetSum = 1e4f;

    /// <summary>Normalises one cell.</summary>
    /// <param name="counts">The cell's counts.</param>
    /// <param name="normalized">The result; as long as <paramref name="counts"/>.</param>
    /// <param name="targetSum">The total each cell is scaled to before the logarithm.</param>
    public static void Apply(ReadOnlySpan<float> counts, Span<float> normalized, float targetSum)
    {
        double total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        if (total <= 0)
        {
            normalized[..counts.Length].Clear();
            return;
        }

        var factor = targetSum / total;
        for (var gene = 0; gene < counts.Length; gene++)
        {
            normalized[gene] = (float)Math.Log(1 + (counts[gene] * factor));
        }
    }
}
