namespace PllmML.Kernels.Statistics;

/// <summary>Combines the p-values of k independent tests of one hypothesis (metap's minimump, sumlog and maximump).</summary>
public static class PValueCombiner
{
    /// <summary>The combined p-value; NaN when any p-value is NaN or there are none.</summary>
    /// <param name="pValues">The k p-values.</param>
    /// <param name="method">The combination.</param>
    public static double Combine(ReadOnlySpan<double> pValues, PValueCombination method)
    {
        var k = pValues.Length;
        if (k == 0)
        {
            return double.NaN;
        }

        foreach (var p in pValues)
        {
            if (double.IsNaN(p))
            {
                return double.NaN;
            }
        }

        switch (method)
        {
            case PValueCombination.MinimumP:
                {
                    var min = double.PositiveInfinity;
                    foreach (var p in pValues)
                    {
                        min = Math.Min(min, p);
                    }

                    // 1 − (1 − p)^k without cancellation for small p.
                    return min >= 1 ? 1.0 : -AccurateMath.ExpMinusOne(k * AccurateMath.LogOnePlus(-min));
                }

            case PValueCombination.MaximumP:
                {
                    var max = 0.0;
                    foreach (var p in pValues)
                    {
                        max = Math.Max(max, p);
                    }

                    return Math.Pow(max, k);
                }

            case PValueCombination.Fisher:
                {
                    var half = 0.0;
                    foreach (var p in pValues)
                    {
                        if (p <= 0)
                        {
                            return 0.0;
                        }

                        half -= Math.Log(p);
                    }

                    // χ² survival with 2k degrees of freedom at 2·half: e^(−half) Σ_{i<k} halfⁱ / i!.
                    var term = 1.0;
                    var sum = 1.0;
                    for (var i = 1; i < k; i++)
                    {
                        term *= half / i;
                        sum += term;
                    }

                    return Math.Min(1.0, Math.Exp(-half) * sum);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "unknown combination");
        }
    }
}
