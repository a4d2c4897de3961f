using Microsoft.ML.Data;

namespace PllmML.Transforms.SingleCell;

/// <summary>
/// Library-size normalisation and log1p: each count is divided by its cell's total, multiplied by a target sum, and
/// replaced by ln(1 + value) — scanpy's <c>normalize_total(target_sum)</c> followed by <c>log1p</c>, which is Seurat's
/// <c>NormalizeData(normalization.method = "LogNormalize", scale.factor)</c>. A cell whose total is zero stays zero.
/// </summary>
public static class LogNormalization
{
    // Whole counts below this have their normalised value computed once per cell.
    private const int SmallCounts = 64;

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

        var factor = Factor(total, targetSum);
        for (var gene = 0; gene < counts.Length; gene++)
        {
            normalized[gene] = ValueOf(counts[gene], factor);
        }
    }

    /// <summary>
    /// Normalises one cell held as a vector, with the values of <see cref="Apply(ReadOnlySpan{float}, Span{float}, float)"/>
    /// bit for bit: a sparse cell stays sparse (a zero count stays zero), its total adding the same non-zero counts in
    /// gene order. A dense cell, or one whose total is NaN (which turns every zero into NaN), is normalised densely.
    /// </summary>
    /// <param name="counts">The cell's counts.</param>
    /// <param name="normalized">The result, reusing its buffers.</param>
    /// <param name="targetSum">The total each cell is scaled to before the logarithm.</param>
    public static void Apply(in VBuffer<float> counts, ref VBuffer<float> normalized, float targetSum)
    {
        var values = counts.GetValues();
        double total = 0;
        foreach (var count in values)
        {
            total += count;
        }

        if (counts.IsDense || double.IsNaN(total))
        {
            var dense = VBufferEditor.Create(ref normalized, counts.Length);
            counts.CopyTo(dense.Values);
            Apply(dense.Values, dense.Values, targetSum);
            normalized = dense.Commit();
            return;
        }

        var explicitCount = total > 0 ? values.Length : 0;
        var editor = VBufferEditor.Create(ref normalized, counts.Length, explicitCount);
        if (explicitCount > 0)
        {
            counts.GetIndices().CopyTo(editor.Indices);
            var factor = Factor(total, targetSum);

            // Most counts of a cell are small whole numbers that repeat (1, 2, 3, …): each one's value is computed once
            // per cell and reused, the same function of the same arguments, so the same bits.
            Span<float> small = stackalloc float[SmallCounts];
            small.Fill(float.NaN);
            for (var k = 0; k < values.Length; k++)
            {
                var count = values[k];
                var whole = (int)count;
                if (whole == count && (uint)whole < SmallCounts)
                {
                    ref var value = ref small[whole];
                    if (float.IsNaN(value))
                    {
                        value = ValueOf(count, factor);
                    }

                    editor.Values[k] = value;
                }
                else
                {
                    editor.Values[k] = ValueOf(count, factor);
                }
            }
        }

        normalized = editor.Commit();
    }

    /// <summary>What a cell's counts are multiplied by before the logarithm: the target sum over the cell's total.</summary>
    /// <param name="total">The cell's total, summed in double in gene order (zeros add nothing, so only the non-zero counts in that order give the same total).</param>
    /// <param name="targetSum">The total each cell is scaled to.</param>
    public static double Factor(double total, float targetSum) => targetSum / total;

    /// <summary>One gene's normalised value, exactly as <see cref="Apply(ReadOnlySpan{float}, Span{float}, float)"/> computes it (a zero count gives zero).</summary>
    /// <param name="count">The gene's count.</param>
    /// <param name="factor">The cell's <see cref="Factor"/>.</param>
    public static float ValueOf(float count, double factor) => (float)Math.Log(1 + (count * factor));
}
