using System.Numerics.Tensors;

namespace PllmML.Trainers.Integration;

/// <summary>
/// A fitted Harmony model: the final unit centroids, the per-cluster ridge coefficients of every covariate level and
/// the bandwidths. It maps new cells without refitting (see <see cref="Map"/>).
/// </summary>
/// <param name="Dimensions">Embedding dimensions d.</param>
/// <param name="Centroids">Clusters × d unit centroids (Harmony's Y at convergence).</param>
/// <param name="Coefficients">Clusters × (levels + 1) × d ridge coefficients W (row 0 is the intercept, never applied).</param>
/// <param name="Sigma">Per-cluster bandwidth.</param>
/// <param name="Levels">Covariate levels in order (for example <c>species=human</c>).</param>
/// <param name="MappingPasses">Fixed-point passes of <see cref="Map"/>.</param>
public sealed record HarmonyModel(int Dimensions, double[] Centroids, double[] Coefficients, double[] Sigma, IReadOnlyList<string> Levels, int MappingPasses)
{
    /// <summary>Number of clusters.</summary>
    public int Clusters => Sigma.Length;

    /// <summary>
    /// Maps one cell into the corrected space, Symphony-style: the soft assignment to the fitted centroids
    /// (<c>Rₖ ∝ exp(−2(1 − yₖ·ẑ)/σₖ)</c>, no diversity penalty, ẑ the unit-length current estimate) weights the
    /// fitted per-cluster corrections of the cell's levels: <c>z' = z − Σₖ Rₖ Σ_ℓ Wₖ[ℓ]</c>. The first pass assigns
    /// the uncorrected cell; each further pass reassigns the corrected estimate and corrects the original again, as
    /// Harmony's own rounds do.
    /// </summary>
    /// <param name="cell">The cell's d values (PCA space).</param>
    /// <param name="levels">The cell's level indices (into <see cref="Levels"/>); unknown covariates are simply left out.</param>
    /// <param name="corrected">The d corrected values.</param>
    public void Map(ReadOnlySpan<float> cell, ReadOnlySpan<int> levels, Span<float> corrected)
    {
        var d = Dimensions;
        var rows = Levels.Count + 1;
        Span<double> original = stackalloc double[d];
        Span<double> estimate = stackalloc double[d];
        Span<double> unit = stackalloc double[d];
        Span<double> weights = stackalloc double[Clusters];
        for (var j = 0; j < d; j++)
        {
            original[j] = cell[j];
        }

        original.CopyTo(estimate);
        for (var pass = 0; pass < MappingPasses; pass++)
        {
            var norm = TensorPrimitives.Norm(estimate);
            TensorPrimitives.Multiply(estimate, norm > 0 ? 1 / norm : 0, unit);
            for (var k = 0; k < Clusters; k++)
            {
                weights[k] = -2 * (1 - TensorPrimitives.Dot(Centroids.AsSpan(k * d, d), unit)) / Sigma[k];
            }

            var max = TensorPrimitives.Max(weights);
            TensorPrimitives.Subtract(weights, max, weights);
            TensorPrimitives.Exp(weights, weights);
            TensorPrimitives.Divide(weights, TensorPrimitives.Sum(weights), weights);
            original.CopyTo(estimate);
            foreach (var level in levels)
            {
                for (var k = 0; k < Clusters; k++)
                {
                    var w = Coefficients.AsSpan(((k * rows) + level + 1) * d, d);
                    TensorPrimitives.MultiplyAdd(w, -weights[k], estimate, estimate);
                }
            }
        }

        for (var j = 0; j < d; j++)
        {
            corrected[j] = (float)estimate[j];
        }
    }
}
