namespace PllmML.Kernels.LinearAlgebra;

/// <summary>
/// Principal-component scores of cells that measured only some of the genes: the posterior mean of probabilistic PCA
/// (Tipping &amp; Bishop 1999) given the measured genes, x − μ = L·z + ε with orthonormal loadings L, z ~ N(0, Λ) and
/// ε ~ N(0, σ²I): z = (L_Oᵀ L_O + σ² Λ⁻¹)⁻¹ L_Oᵀ (x_O − μ_O). With no gene measured z = 0, the mean cell; with
/// every gene measured it is the ordinary projection shrunk by Λ / (Λ + σ²). The unmeasured genes' expected values are
/// μ_M + L_M z.
/// </summary>
public sealed class PartialProjection
{
    private readonly float[] _components;
    private readonly float[] _mean;
    private readonly int[] _measured;
    private readonly Cholesky _system;

    private PartialProjection(float[] components, float[] mean, int[] measured, Cholesky system)
    {
        _components = components;
        _mean = mean;
        _measured = measured;
        _system = system;
    }

    /// <summary>Number of components.</summary>
    public int ComponentCount => _system.Size;

    /// <summary>Prepares the projection for one set of measured genes.</summary>
    /// <param name="components">Components × genes orthonormal loadings, row-major.</param>
    /// <param name="mean">Per-gene means (genes).</param>
    /// <param name="variances">Per-component score variances Λ.</param>
    /// <param name="noiseVariance">σ², the residual variance per gene.</param>
    /// <param name="measured">The measured genes' positions.</param>
    /// <exception cref="ArgumentException">Sizes that do not fit, or a variance that is not positive.</exception>
    public static PartialProjection Of(float[] components, float[] mean, ReadOnlySpan<double> variances, double noiseVariance, int[] measured)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(measured);
        var genes = mean.Length;
        var k = variances.Length;
        if (components.Length != k * genes)
        {
            throw new ArgumentException($"{k} components of {genes} genes need {k * genes} loadings, got {components.Length}.", nameof(components));
        }

        if (!(noiseVariance > 0))
        {
            throw new ArgumentException($"The noise variance must be positive, got {noiseVariance}.", nameof(noiseVariance));
        }

        var system = new double[k * k];
        for (var a = 0; a < k; a++)
        {
            if (!(variances[a] > 0))
            {
                throw new ArgumentException($"Component {a}'s variance must be positive, got {variances[a]}.", nameof(variances));
            }

            for (var b = 0; b <= a; b++)
            {
                double sum = 0;
                foreach (var gene in measured)
                {
                    sum += (double)components[(a * genes) + gene] * components[(b * genes) + gene];
                }

                system[(a * k) + b] = sum;
                system[(b * k) + a] = sum;
            }

            system[(a * k) + a] += noiseVariance / variances[a];
        }

        return new PartialProjection(components, mean, [.. measured], Cholesky.Factor(system, k));
    }

    /// <summary>The posterior scores of one cell.</summary>
    /// <param name="values">The cell's values, one per gene; only the measured genes are read.</param>
    /// <param name="scores">The scores (components).</param>
    public void Scores(ReadOnlySpan<float> values, Span<double> scores)
    {
        var genes = _mean.Length;
        var k = ComponentCount;
        for (var a = 0; a < k; a++)
        {
            double sum = 0;
            var row = _components.AsSpan(a * genes, genes);
            foreach (var gene in _measured)
            {
                sum += row[gene] * (double)(values[gene] - _mean[gene]);
            }

            scores[a] = sum;
        }

        _system.Solve(scores[..k]);
    }

    /// <summary>The expected value of one gene given the scores: μ + L·z.</summary>
    /// <param name="gene">The gene.</param>
    /// <param name="scores">Scores from <see cref="Scores"/>.</param>
    public double Expected(int gene, ReadOnlySpan<double> scores)
    {
        var genes = _mean.Length;
        double value = _mean[gene];
        for (var a = 0; a < ComponentCount; a++)
        {
            value += _components[(a * genes) + gene] * scores[a];
        }

        return value;
    }
}
