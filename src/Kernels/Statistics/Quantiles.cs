namespace PllmML.Kernels.Statistics;

/// <summary>Sample quantiles by R's definitions (<c>quantile(type = 5)</c> and the default <c>type = 7</c>).</summary>
public static class Quantiles
{
    /// <summary>R's type 7 (the default): h = (n − 1) p + 1, linear between order statistics.</summary>
    /// <param name="sorted">The values, ascending.</param>
    /// <param name="probability">p in [0, 1].</param>
    public static double Type7(ReadOnlySpan<double> sorted, double probability) => Interpolate(sorted, ((sorted.Length - 1) * probability) + 1);

    /// <summary>R's type 5: h = n p + ½, linear between order statistics, clamped to the extremes.</summary>
    /// <param name="sorted">The values, ascending.</param>
    /// <param name="probability">p in [0, 1].</param>
    public static double Type5(ReadOnlySpan<double> sorted, double probability) => Interpolate(sorted, (sorted.Length * probability) + 0.5);

    private static double Interpolate(ReadOnlySpan<double> sorted, double h)
    {
        var n = sorted.Length;
        if (n == 0)
        {
            return double.NaN;
        }

        if (h <= 1)
        {
            return sorted[0];
        }

        if (h >= n)
        {
            return sorted[n - 1];
        }

        var low = (int)Math.Floor(h);
        var fraction = h - low;
        return sorted[low - 1] + (fraction * (sorted[low] - sorted[low - 1]));
    }
}
