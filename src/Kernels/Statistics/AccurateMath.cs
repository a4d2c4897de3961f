namespace PllmML.Kernels.Statistics;

/// <summary>
/// log(1 + x) and exp(x) − 1 without cancellation near 0 (Kahan's tricks); .NET's <c>double.LogP1</c> and
/// <c>double.ExpM1</c> are computed as <c>Log(1 + x)</c> and <c>Exp(x) − 1</c>.
/// </summary>
public static class AccurateMath
{
    /// <summary>log(1 + x).</summary>
    /// <param name="x">Greater than −1.</param>
    public static double LogOnePlus(double x)
    {
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>exp(x) − 1.</summary>
    /// <param name="x">The exponent.</param>
    public static double ExpMinusOne(double x)
    {
        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        var um1 = u - 1.0;
        return um1 == -1.0 || double.IsInfinity(u) ? um1 : um1 * x / Math.Log(u);
    }
}
