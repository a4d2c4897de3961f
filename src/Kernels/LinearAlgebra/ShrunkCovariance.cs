namespace PllmML.Kernels.LinearAlgebra;

/// <summary>
/// The Ledoit–Wolf shrunk covariance (scikit-learn's <c>LedoitWolf(assume_centered=False)</c>): (1 − δ)·S + δ·μ·I with S
/// the maximum-likelihood covariance (divided by n), μ = trace(S)/d and δ the Ledoit–Wolf (2004) optimal shrinkage,
/// well conditioned even with fewer samples than dimensions.
/// </summary>
public static class ShrunkCovariance
{
    /// <summary>The mean, the shrunk covariance (d × d row-major) and the shrinkage δ of row-major samples.</summary>
    /// <param name="samples">n × d values, row-major.</param>
    /// <param name="n">Samples, at least 1.</param>
    /// <param name="d">Dimensions.</param>
    /// <exception cref="ArgumentException">No sample, or a length that is not n × d.</exception>
    public static (double[] Mean, double[] Covariance, double Shrinkage) LedoitWolf(ReadOnlySpan<float> samples, int n, int d)
    {
        if (n < 1 || samples.Length != n * d)
        {
            throw new ArgumentException($"Need n ≥ 1 samples of {d} values; got {samples.Length} values for n = {n}.", nameof(samples));
        }

        var mean = new double[d];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                mean[j] += samples[(i * d) + j];
            }
        }

        for (var j = 0; j < d; j++)
        {
            mean[j] /= n;
        }

        var centred = new double[n * d];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                centred[(i * d) + j] = samples[(i * d) + j] - mean[j];
            }
        }

        var covariance = new double[d * d];
        for (var i = 0; i < n; i++)
        {
            var row = centred.AsSpan(i * d, d);
            for (var a = 0; a < d; a++)
            {
                for (var b = 0; b <= a; b++)
                {
                    covariance[(a * d) + b] += row[a] * row[b];
                }
            }
        }

        for (var a = 0; a < d; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                covariance[(a * d) + b] /= n;
                covariance[(b * d) + a] = covariance[(a * d) + b];
            }
        }

        double mu = 0;
        for (var a = 0; a < d; a++)
        {
            mu += covariance[(a * d) + a];
        }

        mu /= d;
        // scikit-learn's ledoit_wolf_shrinkage: β = (1/n²)·Σ_i ‖x_i x_iᵀ − S‖²_F simplified as below, δ² = ‖S − μI‖²_F.
        double deltaSquared = 0;
        for (var a = 0; a < d; a++)
        {
            for (var b = 0; b < d; b++)
            {
                var value = covariance[(a * d) + b] - (a == b ? mu : 0);
                deltaSquared += value * value;
            }
        }

        deltaSquared /= d;
        double beta = 0;
        for (var i = 0; i < n; i++)
        {
            var row = centred.AsSpan(i * d, d);
            for (var a = 0; a < d; a++)
            {
                for (var b = 0; b < d; b++)
                {
                    var value = (row[a] * row[b]) - covariance[(a * d) + b];
                    beta += value * value;
                }
            }
        }

        beta /= (double)n * n * d;
        beta = Math.Min(beta, deltaSquared);
        var shrinkage = deltaSquared > 0 ? beta / deltaSquared : 0;
        for (var a = 0; a < d; a++)
        {
            for (var b = 0; b < d; b++)
            {
                covariance[(a * d) + b] *= 1 - shrinkage;
            }

            covariance[(a * d) + a] += shrinkage * mu;
        }

        return (mean, covariance, shrinkage);
    }
}
