namespace PllmML.Kernels.Statistics;

/// <summary>Adjusting p-values for many tests: Benjamini–Hochberg FDR and Bonferroni (R's <c>p.adjust</c>).</summary>
public static class MultipleTesting
{
    /// <summary>
    /// Benjamini–Hochberg adjusted p-values: q₍ᵢ₎ = min over j ≥ i of p₍ⱼ₎ m / j, capped at 1; NaN p-values stay NaN and
    /// do not count in m.
    /// </summary>
    /// <param name="pValues">The p-values.</param>
    public static double[] BenjaminiHochberg(ReadOnlySpan<double> pValues)
    {
        var adjusted = new double[pValues.Length];
        var order = new List<int>(pValues.Length);
        for (var i = 0; i < pValues.Length; i++)
        {
            if (double.IsNaN(pValues[i]))
            {
                adjusted[i] = double.NaN;
            }
            else
            {
                order.Add(i);
            }
        }

        var sorted = order.ToArray();
        var keys = new double[sorted.Length];
        for (var k = 0; k < sorted.Length; k++)
        {
            keys[k] = pValues[sorted[k]];
        }

        Array.Sort(keys, sorted);
        var m = sorted.Length;
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            running = Math.Min(running, keys[rank - 1] * m / rank);
            adjusted[sorted[rank - 1]] = running;
        }

        return adjusted;
    }

    /// <summary>Bonferroni adjusted p-values: min(1, p · m), m the count of p-values that are not NaN (Seurat's <c>p_val_adj</c> with m = all genes).</summary>
    /// <param name="pValues">The p-values.</param>
    /// <param name="testCount">m; null counts the p-values that are not NaN.</param>
    public static double[] Bonferroni(ReadOnlySpan<double> pValues, int? testCount = null)
    {
        var m = testCount ?? 0;
        if (testCount is null)
        {
            foreach (var p in pValues)
            {
                m += double.IsNaN(p) ? 0 : 1;
            }
        }

        var adjusted = new double[pValues.Length];
        for (var i = 0; i < pValues.Length; i++)
        {
            adjusted[i] = Math.Min(1.0, pValues[i] * m);
        }

        return adjusted;
    }
}
