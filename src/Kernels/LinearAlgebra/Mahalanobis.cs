namespace PllmML.Kernels.LinearAlgebra;

/// <summary>The Mahalanobis distance √((x − μ)ᵀ P (x − μ)) of a point to a Gaussian with precision matrix P.</summary>
public static class Mahalanobis
{
    /// <summary>The distance.</summary>
    /// <param name="x">The point (at least as long as <paramref name="centre"/>; the rest is ignored).</param>
    /// <param name="centre">The Gaussian's mean μ (d values).</param>
    /// <param name="precision">Its precision matrix P, d × d row-major.</param>
    public static double Distance(ReadOnlySpan<float> x, ReadOnlySpan<float> centre, ReadOnlySpan<float> precision)
    {
        var d = centre.Length;
        Span<double> centred = d <= 256 ? stackalloc double[d] : new double[d];
        for (var a = 0; a < d; a++)
        {
            centred[a] = x[a] - centre[a];
        }

        double sum = 0;
        for (var a = 0; a < d; a++)
        {
            double row = 0;
            for (var b = 0; b < d; b++)
            {
                row += precision[(a * d) + b] * centred[b];
            }

            sum += centred[a] * row;
        }

        return Math.Sqrt(Math.Max(0, sum));
    }
}
