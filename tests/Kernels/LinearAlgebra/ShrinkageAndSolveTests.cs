using PllmML.Kernels.LinearAlgebra;

namespace PllmML.Kernels.Tests.LinearAlgebra;

/// <summary>Ledoit–Wolf shrinkage, Cholesky solves, Mahalanobis distances and partial PCA projections against direct formulas.</summary>
public sealed class ShrinkageAndSolveTests
{
    private static float[] Samples(int n, int d, int seed)
    {
        var random = new Random(seed);
        var samples = new float[n * d];
        for (var i = 0; i < n; i++)
        {
            var shared = random.NextDouble();
            for (var j = 0; j < d; j++)
            {
                samples[(i * d) + j] = (float)((random.NextDouble() * (j + 1)) + (2 * shared));
            }
        }

        return samples;
    }

    [Theory]
    [InlineData(8, 20)]
    [InlineData(200, 5)]
    public void LedoitWolf_MatchesScikitLearnsFormula(int n, int d)
    {
        var samples = Samples(n, d, 1);

        var (mean, covariance, shrinkage) = ShrunkCovariance.LedoitWolf(samples, n, d);

        // scikit-learn's ledoit_wolf_shrinkage written as it is there: X centred, X2 = X², emp_cov_trace = Σ X2 / n,
        // μ = Σ emp_cov_trace / d, β_ = Σ (X2ᵀX2), δ_ = Σ (XᵀX)² / n², β = (β_/n − δ_)/(d n), δ = (δ_ − 2μ Σ trace + dμ²)/d.
        var x = new double[n, d];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                x[i, j] = samples[(i * d) + j] - Enumerable.Range(0, n).Average(k => (double)samples[(k * d) + j]);
            }
        }

        double traceSum = 0, betaSum = 0, deltaSum = 0;
        var empirical = new double[d, d];
        for (var a = 0; a < d; a++)
        {
            for (var b = 0; b < d; b++)
            {
                double xx = 0, x2x2 = 0;
                for (var i = 0; i < n; i++)
                {
                    xx += x[i, a] * x[i, b];
                    x2x2 += x[i, a] * x[i, a] * x[i, b] * x[i, b];
                }

                empirical[a, b] = xx / n;
                deltaSum += xx * xx;
                betaSum += x2x2;
            }

            traceSum += empirical[a, a];
        }

        var mu = traceSum / d;
        deltaSum /= (double)n * n;
        var beta = ((betaSum / n) - deltaSum) / (d * (double)n);
        var delta = (deltaSum - (2 * mu * traceSum) + (d * mu * mu)) / d;
        var expected = Math.Min(beta, delta) / delta;

        Assert.Equal(expected, shrinkage, 10);
        Assert.InRange(shrinkage, 0, 1);
        for (var a = 0; a < d; a++)
        {
            Assert.Equal(Enumerable.Range(0, n).Average(k => (double)samples[(k * d) + a]), mean[a], 5);
            for (var b = 0; b < d; b++)
            {
                Assert.Equal(((1 - expected) * empirical[a, b]) + (a == b ? expected * mu : 0), covariance[(a * d) + b], 8);
            }
        }
    }

    [Fact]
    public void Cholesky_SolvesAndInverts_AndRefusesAnIndefiniteMatrix()
    {
        double[] matrix = [4, 2, 0.6, 2, 5, 1.5, 0.6, 1.5, 3];
        var factor = Cholesky.Factor(matrix, 3);
        double[] b = [1, 2, 3];

        factor.Solve(b);
        var inverse = factor.Inverse();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(i + 1.0, (matrix[i * 3] * b[0]) + (matrix[(i * 3) + 1] * b[1]) + (matrix[(i * 3) + 2] * b[2]), 10);
            for (var j = 0; j < 3; j++)
            {
                var product = Enumerable.Range(0, 3).Sum(k => matrix[(i * 3) + k] * inverse[(k * 3) + j]);
                Assert.Equal(i == j ? 1 : 0, product, 10);
            }
        }

        Assert.Throws<ArgumentException>(() => Cholesky.Factor([1, 2, 2, 1], 2));
    }

    [Fact]
    public void Mahalanobis_WithADiagonalPrecision_IsTheScaledEuclideanDistance()
    {
        float[] precision = [4, 0, 0, 0, 1, 0, 0, 0, 0.25f];

        var distance = Mahalanobis.Distance([3, 1, 4, 99], [1, 1, 0], precision);

        Assert.Equal(Math.Sqrt((4 * 4) + 0 + (0.25 * 16)), distance, 6);
    }

    [Fact]
    public void PartialProjection_IsTheRidgeSolutionOnTheMeasuredGenes_AndZeroWithoutThem()
    {
        // Two orthonormal components over four genes.
        float[] components = [0.5f, 0.5f, 0.5f, 0.5f, 0.5f, -0.5f, 0.5f, -0.5f];
        float[] mean = [1, 2, 3, 4];
        double[] variances = [4, 1];
        float[] cell = [3, 1, 5, 3];

        var projection = PartialProjection.Of(components, mean, variances, 0.5, [0, 2, 3]);
        var scores = new double[2];
        projection.Scores(cell, scores);

        // Direct: (L_OᵀL_O + σ²Λ⁻¹) z = L_Oᵀ(x_O − μ_O) with O = {0, 2, 3}: L_OᵀL_O = [[.75, .25], [.25, .75]].
        double a11 = 0.75 + (0.5 / 4), a12 = 0.25, a22 = 0.75 + (0.5 / 1);
        double r1 = 0.5 * (2 + 2 - 1), r2 = 0.5 * (2 + 2 + 1);
        var det = (a11 * a22) - (a12 * a12);
        Assert.Equal(((a22 * r1) - (a12 * r2)) / det, scores[0], 10);
        Assert.Equal(((a11 * r2) - (a12 * r1)) / det, scores[1], 10);
        Assert.Equal(2 + (0.5 * scores[0]) - (0.5 * scores[1]), projection.Expected(1, scores), 10);

        var none = PartialProjection.Of(components, mean, variances, 0.5, []);
        none.Scores(cell, scores);
        Assert.Equal([0.0, 0.0], scores);
        Assert.Equal(2, none.Expected(1, scores), 10);
    }
}
