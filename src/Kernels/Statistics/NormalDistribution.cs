namespace PllmML.Kernels.Statistics;

/// <summary>
/// The standard normal distribution's tails, accurate in relative terms far into the tail (what a p-value of
/// 1e-300 needs): the complementary error function by its power series below x = 2.5 and by its continued fraction
/// above, both in double precision.
/// </summary>
public static class NormalDistribution
{
    private const double InverseSqrtPi = 0.56418958354775628695;

    /// <summary>P(Z &gt; z), the survival function (scipy's <c>norm.sf</c>, R's <c>pnorm(z, lower.tail = FALSE)</c>).</summary>
    /// <param name="z">The standard score.</param>
    public static double Survival(double z) => double.IsNaN(z) ? double.NaN : 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>P(Z ≤ z), the cumulative distribution function.</summary>
    /// <param name="z">The standard score.</param>
    public static double Cumulative(double z) => Survival(-z);

    /// <summary>2 P(Z &gt; |z|), capped at 1.</summary>
    /// <param name="z">The standard score.</param>
    public static double TwoSidedPValue(double z) => double.IsNaN(z) ? double.NaN : Math.Min(1.0, Erfc(Math.Abs(z) / Math.Sqrt(2)));

    /// <summary>The complementary error function erfc(x) = 1 − erf(x), relative error near 1e-15 for every x.</summary>
    /// <param name="x">The argument.</param>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < 0)
        {
            return 2.0 - Erfc(-x);
        }

        if (x < 2.5)
        {
            return 1.0 - Erf(x);
        }

        if (x > 27.3)
        {
            return 0.0;
        }

        // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated by the modified Lentz method.
        const double tiny = 1e-300;
        var f = x;
        var c = x;
        var d = 0.0;
        for (var n = 1; n < 500; n++)
        {
            var a = n * 0.5;
            d = x + (a * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + (a / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1.0) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp(-x * x) * InverseSqrtPi / f;
    }

    /// <summary>The error function, by the series erf(x) = 2/√π · exp(−x²) · Σ 2ⁿ x²ⁿ⁺¹ / (1·3·…·(2n+1)) (all terms positive).</summary>
    /// <param name="x">The argument.</param>
    public static double Erf(double x)
    {
        if (x < 0)
        {
            return -Erf(-x);
        }

        if (x >= 2.5)
        {
            return 1.0 - Erfc(x);
        }

        var term = x;
        var sum = x;
        var x2 = x * x;
        for (var n = 1; n < 200; n++)
        {
            term *= 2.0 * x2 / ((2 * n) + 1);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return 2.0 * InverseSqrtPi * Math.Exp(-x2) * sum;
    }
}
