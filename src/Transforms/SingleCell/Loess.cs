namespace PllmML.Transforms.SingleCell;

/// <summary>
/// Local regression (Cleveland's loess) of one predictor, evaluated exactly at every data point: for a point x₀,
/// the q = floor(n·span) nearest points (by |x − x₀|) get tricube weights (1 − (d/h)³)³ with h the q-th smallest
/// distance, and a weighted least-squares polynomial of the given degree in (x − x₀) gives the fitted value at x₀.
/// This is skmisc's <c>loess(x, y, span, degree)</c> with <c>surface="direct"</c> and the gaussian family; skmisc's
/// default <c>surface="interpolate"</c> evaluates the same fit on a k-d tree of vertices and interpolates, which
/// differs from this exact fit in the third or fourth digit.
/// </summary>
public static class Loess
{
    /// <summary>Fits and returns the fitted values at the data points.</summary>
    /// <param name="x">Predictor values.</param>
    /// <param name="y">Responses.</param>
    /// <param name="span">Fraction of points in each local fit (scanpy's seurat_v3 uses 0.3).</param>
    /// <param name="degree">Degree of the local polynomial, 1 or 2.</param>
    /// <exception cref="ArgumentException">Lengths differ, too few points, or a bad span or degree.</exception>
    public static double[] Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double span = 0.3, int degree = 2)
    {
        var n = x.Length;
        if (y.Length != n)
        {
            throw new ArgumentException("x and y differ in length.", nameof(y));
        }

        if (degree is < 1 or > 2 || span <= 0 || span > 1)
        {
            throw new ArgumentException($"Bad loess parameters: span {span}, degree {degree}.");
        }

        var q = Math.Max(degree + 1, (int)Math.Floor(n * span));
        if (n < degree + 1)
        {
            throw new ArgumentException($"Loess needs at least {degree + 1} points, got {n}.", nameof(x));
        }

        q = Math.Min(q, n);
        var order = Enumerable.Range(0, n).ToArray();
        var xs = x.ToArray();
        Array.Sort(xs, order);
        var ys = new double[n];
        for (var i = 0; i < n; i++)
        {
            ys[i] = y[order[i]];
        }

        var fitted = new double[n];
        var low = 0;
        for (var i = 0; i < n; i++)
        {
            while (low + q < n && xs[low + q] - xs[i] < xs[i] - xs[low])
            {
                low++;
            }

            var h = Math.Max(xs[i] - xs[low], xs[low + q - 1] - xs[i]);
            fitted[order[i]] = LocalFit(xs, ys, low, low + q, xs[i], h, degree);
        }

        return fitted;
    }

    private static double LocalFit(double[] xs, double[] ys, int start, int end, double x0, double h, int degree)
    {
        // Normal equations of the weighted polynomial in (x − x0); the intercept is the fitted value.
        double m0 = 0, m1 = 0, m2 = 0, m3 = 0, m4 = 0, r0 = 0, r1 = 0, r2 = 0;
        var inverseH = h > 0 ? 1 / h : 0;
        for (var j = start; j < end; j++)
        {
            var d = xs[j] - x0;
            var w = h > 0 ? Tricube(Math.Abs(d) * inverseH) : (d == 0 ? 1 : 0);
            var wd = w * d;
            var wd2 = wd * d;
            m0 += w;
            m1 += wd;
            m2 += wd2;
            m3 += wd2 * d;
            m4 += wd2 * d * d;
            r0 += w * ys[j];
            r1 += wd * ys[j];
            r2 += wd2 * ys[j];
        }

        ReadOnlySpan<double> moments = [m0, m1, m2, m3, m4];
        ReadOnlySpan<double> rhs = [r0, r1, r2];
        return degree == 1 ? SolveLinear(moments, rhs) : SolveQuadratic(moments, rhs);
    }

    private static double Tricube(double u)
    {
        if (u >= 1)
        {
            return 0;
        }

        var c = 1 - (u * u * u);
        return c * c * c;
    }

    private static double SolveLinear(ReadOnlySpan<double> m, ReadOnlySpan<double> r)
    {
        var det = (m[0] * m[2]) - (m[1] * m[1]);
        return Math.Abs(det) <= 1e-12 * Math.Abs(m[0] * m[2]) ? r[0] / m[0] : ((r[0] * m[2]) - (m[1] * r[1])) / det;
    }

    private static double SolveQuadratic(ReadOnlySpan<double> m, ReadOnlySpan<double> r)
    {
        // Symmetric 3×3 system [[m0 m1 m2][m1 m2 m3][m2 m3 m4]] b = r, solved by Cramer's rule for b0.
        var a = new[,] { { m[0], m[1], m[2] }, { m[1], m[2], m[3] }, { m[2], m[3], m[4] } };
        var det = Det3(a);
        var scale = m[0] * m[2] * m[4];
        if (Math.Abs(det) <= 1e-12 * Math.Abs(scale))
        {
            return SolveLinear(m, r);
        }

        var b0 = new[,] { { r[0], m[1], m[2] }, { r[1], m[2], m[3] }, { r[2], m[3], m[4] } };
        return Det3(b0) / det;
    }

    private static double Det3(double[,] a) =>
        (a[0, 0] * ((a[1, 1] * a[2, 2]) - (a[1, 2] * a[2, 1])))
        - (a[0, 1] * ((a[1, 0] * a[2, 2]) - (a[1, 2] * a[2, 0])))
        + (a[0, 2] * ((a[1, 0] * a[2, 1]) - (a[1, 1] * a[2, 0])));
}
