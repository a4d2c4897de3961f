namespace PllmML.Evaluation;

/// <summary>The χ² distribution's upper tail, via the regularised incomplete gamma function (series / continued fraction).</summary>
internal static class ChiSquared
{
    /// <summary>P(X ≥ statistic) for X ~ χ²(degrees of freedom) — scipy's <c>chi2.sf</c>.</summary>
    public static double UpperTail(double statistic, int degreesOfFreedom)
    {
        if (statistic <= 0)
        {
            return 1.0;
        }

        var a = degreesOfFreedom / 2.0;
        var x = statistic / 2.0;
        return x < a + 1 ? 1.0 - LowerSeries(a, x) : UpperContinuedFraction(a, x);
    }

    private static double LowerSeries(double a, double x)
    {
        var sum = 1.0 / a;
        var term = sum;
        for (var n = 1; n < 1000; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * 1e-16)
            {
                break;
            }
        }

        return sum * Math.Exp((-x) + (a * Math.Log(x)) - LogGamma(a));
    }

    private static double UpperContinuedFraction(double a, double x)
    {
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 1000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp((-x) + (a * Math.Log(x)) - LogGamma(a)) * h;
    }

    /// <summary>ln Γ(a) by the Lanczos approximation (g = 7, 9 terms; ~1e-15 relative).</summary>
    private static double LogGamma(double a)
    {
        double[] coefficients =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (a < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * a))) - LogGamma(1 - a);
        }

        a -= 1;
        var sum = coefficients[0];
        for (var i = 1; i < 9; i++)
        {
            sum += coefficients[i] / (a + i);
        }

        var t = a + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((a + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }
}
