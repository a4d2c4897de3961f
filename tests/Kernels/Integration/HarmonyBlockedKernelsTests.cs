using PllmML.Kernels.Integration;

namespace PllmML.Kernels.Tests.Integration;

/// <summary>
/// The register-blocked Harmony kernels at sizes that are not multiples of their tiles, against plain double loops
/// (1e-12 relative to the sum of the terms' magnitudes), run to run bit for bit, and vector path = scalar fallback bit for bit.
/// </summary>
public sealed class HarmonyBlockedKernelsTests
{
    private const double Tolerance = 1e-12;

    // Two covariates: three levels (0–2) and two levels (3–4).
    private const int Covariates = 2;
    private const int Levels = 5;

    public static TheoryData<int, int, int> Sizes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (var cells in new[] { 1, 7, 1025, 3000 })
        {
            foreach (var clusters in new[] { 1, 5, 100, 101 })
            {
                foreach (var d in new[] { 1, 3, 50, 53 })
                {
                    data.Add(cells, clusters, d);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void CosineDistances_EqualPlainLoop(int cells, int clusters, int d)
    {
        var (z, y, _, _) = Inputs(cells, clusters, d);
        var distances = new double[cells * clusters];
        HarmonyKernels.CosineDistances(y, z, d, distances);
        for (var n = 0; n < cells; n++)
        {
            for (var k = 0; k < clusters; k++)
            {
                double dot = 0, scale = 0;
                for (var j = 0; j < d; j++)
                {
                    dot += y[(k * d) + j] * z[(n * d) + j];
                    scale += Math.Abs(y[(k * d) + j] * z[(n * d) + j]);
                }

                AssertClose(2 * (1 - dot), distances[(n * clusters) + k], 2 * (1 + scale));
            }
        }

        var again = new double[distances.Length];
        HarmonyKernels.CosineDistances(y, z, d, again);
        Assert.Equal(distances, again);
        HarmonyKernels.CosineDistancesCore(y, z, d, again, vector: false);
        Assert.Equal(distances, again);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void WeightedSums_EqualPlainLoop(int cells, int clusters, int d)
    {
        var (z, _, r, _) = Inputs(cells, clusters, d);
        var sums = HarmonyKernels.WeightedSums(z, r, clusters, d);
        var (expected, scale) = PlainWeightedSums(z, r, clusters, d, _ => true);
        for (var i = 0; i < expected.Length; i++)
        {
            AssertClose(expected[i], sums[i], scale[i]);
        }

        Assert.Equal(sums, HarmonyKernels.WeightedSums(z, r, clusters, d));
        Assert.Equal(sums, HarmonyKernels.WeightedSumsCore(z, r, clusters, d, vector: false));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void RidgeStatistics_EqualPlainLoop(int cells, int clusters, int d)
    {
        var (z, _, r, levelsOfCell) = Inputs(cells, clusters, d);
        var statistics = HarmonyKernels.RidgeStatistics(z, r, levelsOfCell, Covariates, Levels, clusters, d);
        const int rows = Levels + 1;
        var stride = (rows * rows) + (rows * d);
        Assert.Equal(clusters * stride, statistics.Length);
        for (var k = 0; k < clusters; k++)
        {
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < rows; j++)
                {
                    double expected = 0;
                    for (var n = 0; n < cells; n++)
                    {
                        if (HasRow(levelsOfCell, n, i) && HasRow(levelsOfCell, n, j))
                        {
                            expected += r[(n * clusters) + k];
                        }
                    }

                    AssertClose(expected, statistics[(k * stride) + (i * rows) + j], expected);
                }
            }
        }

        for (var i = 0; i < rows; i++)
        {
            var (expected, scale) = PlainWeightedSums(z, r, clusters, d, n => HasRow(levelsOfCell, n, i));
            for (var k = 0; k < clusters; k++)
            {
                for (var j = 0; j < d; j++)
                {
                    AssertClose(expected[(k * d) + j], statistics[(k * stride) + (rows * rows) + (i * d) + j], scale[(k * d) + j]);
                }
            }
        }

        Assert.Equal(statistics, HarmonyKernels.RidgeStatistics(z, r, levelsOfCell, Covariates, Levels, clusters, d));
        Assert.Equal(statistics, HarmonyKernels.RidgeStatisticsCore(z, r, levelsOfCell, Covariates, Levels, clusters, d, vector: false));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Correct_EqualsPlainLoop(int cells, int clusters, int d)
    {
        var (z, _, r, levelsOfCell) = Inputs(cells, clusters, d);
        const int rows = Levels + 1;
        var coefficients = Enumerable.Range(0, clusters * rows * d).Select(i => Math.Sin(i)).ToArray();
        var corrected = new double[z.Length];
        HarmonyKernels.Correct(z, r, levelsOfCell, Covariates, coefficients, Levels, d, corrected);
        for (var n = 0; n < cells; n++)
        {
            for (var j = 0; j < d; j++)
            {
                var expected = z[(n * d) + j];
                var scale = Math.Abs(expected);
                for (var c = 0; c < Covariates; c++)
                {
                    var row = levelsOfCell[(n * Covariates) + c] + 1;
                    for (var k = 0; k < clusters; k++)
                    {
                        var term = r[(n * clusters) + k] * coefficients[(((k * rows) + row) * d) + j];
                        expected -= term;
                        scale += Math.Abs(term);
                    }
                }

                AssertClose(expected, corrected[(n * d) + j], scale);
            }
        }

        var again = new double[z.Length];
        HarmonyKernels.Correct(z, r, levelsOfCell, Covariates, coefficients, Levels, d, again);
        Assert.Equal(corrected, again);
        HarmonyKernels.CorrectCore(z, r, levelsOfCell, Covariates, coefficients, Levels, d, again, vector: false);
        Assert.Equal(corrected, again);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Objective_EqualsPlainLoop(int cells, int clusters, int d)
    {
        var (_, _, r, levelsOfCell) = Inputs(cells, clusters, d);
        var random = new Random(cells + clusters);
        var distances = Enumerable.Range(0, cells * clusters).Select(_ => random.NextDouble() * 4).ToArray();
        var sigma = Enumerable.Range(0, clusters).Select(_ => 0.05 + random.NextDouble()).ToArray();
        var logRatio = Enumerable.Range(0, clusters * Levels).Select(_ => random.NextDouble() - 0.5).ToArray();

        // Empty assignments contribute nothing (0 log 0 = 0).
        for (var i = 0; i < r.Length; i += 3)
        {
            r[i] = 0;
        }

        double expected = 0, scale = 0;
        for (var n = 0; n < cells; n++)
        {
            for (var k = 0; k < clusters; k++)
            {
                var a = r[(n * clusters) + k];
                var w = 0.0;
                for (var c = 0; c < Covariates; c++)
                {
                    w += logRatio[(k * Levels) + levelsOfCell[(n * Covariates) + c]];
                }

                var term = (a * distances[(n * clusters) + k]) + (a > 0 ? sigma[k] * a * Math.Log(a) : 0) + (a * sigma[k] * w);
                expected += term;
                scale += Math.Abs(a * distances[(n * clusters) + k]) + Math.Abs(a > 0 ? sigma[k] * a * Math.Log(a) : 0) + Math.Abs(a * sigma[k] * w);
            }
        }

        var objective = HarmonyKernels.Objective(r, distances, sigma, levelsOfCell, Covariates, logRatio, Levels);
        AssertClose(expected, objective, scale);
        Assert.Equal(objective, HarmonyKernels.Objective(r, distances, sigma, levelsOfCell, Covariates, logRatio, Levels));
        AssertClose(expected, HarmonyKernels.ObjectiveCore(r, distances, sigma, levelsOfCell, Covariates, logRatio, Levels, vector: false), scale);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 5)]
    [InlineData(1025, 100)]
    [InlineData(3000, 101)]
    public void ScaledExponentials_EqualPlainLoop(int cells, int clusters)
    {
        var random = new Random(cells + clusters);
        var distances = Enumerable.Range(0, cells * clusters).Select(_ => random.NextDouble() * 4).ToArray();
        var sigma = Enumerable.Range(0, clusters).Select(_ => 0.05 + random.NextDouble()).ToArray();
        var scaled = new double[distances.Length];
        HarmonyKernels.ScaledExponentials(distances, sigma, scaled);
        for (var n = 0; n < cells; n++)
        {
            var max = double.NegativeInfinity;
            for (var k = 0; k < clusters; k++)
            {
                max = Math.Max(max, -distances[(n * clusters) + k] / sigma[k]);
            }

            for (var k = 0; k < clusters; k++)
            {
                var expected = Math.Exp((-distances[(n * clusters) + k] / sigma[k]) - max);
                AssertClose(expected, scaled[(n * clusters) + k], 10 * expected);
            }
        }
    }

    private static bool HasRow(int[] levelsOfCell, int cell, int row) =>
        row == 0 || levelsOfCell[cell * Covariates] + 1 == row || levelsOfCell[(cell * Covariates) + 1] + 1 == row;

    private static (double[] Sums, double[] Scale) PlainWeightedSums(double[] z, double[] r, int clusters, int d, Func<int, bool> include)
    {
        var cells = z.Length / d;
        var sums = new double[clusters * d];
        var scale = new double[clusters * d];
        for (var n = 0; n < cells; n++)
        {
            if (!include(n))
            {
                continue;
            }

            for (var k = 0; k < clusters; k++)
            {
                for (var j = 0; j < d; j++)
                {
                    var term = r[(n * clusters) + k] * z[(n * d) + j];
                    sums[(k * d) + j] += term;
                    scale[(k * d) + j] += Math.Abs(term);
                }
            }
        }

        return (sums, scale);
    }

    private static void AssertClose(double expected, double actual, double scale)
    {
        var error = Math.Abs(expected - actual);
        Assert.True(error <= Tolerance * Math.Max(scale, double.Epsilon), $"expected {expected:R}, got {actual:R} (error {error:E3}, scale {scale:E3})");
    }

    private static (double[] Cells, double[] Centroids, double[] Assignments, int[] LevelsOfCell) Inputs(int cells, int clusters, int d)
    {
        var random = new Random((cells * 131) + (clusters * 7) + d);
        var z = Enumerable.Range(0, cells * d).Select(_ => random.NextDouble() - 0.5).ToArray();
        HarmonyKernels.NormaliseRows(z, d, z);
        var y = Enumerable.Range(0, clusters * d).Select(_ => random.NextDouble() - 0.5).ToArray();
        HarmonyKernels.NormaliseRows(y, d, y);
        var r = Enumerable.Range(0, cells * clusters).Select(_ => random.NextDouble()).ToArray();

        // Level 2 only in the first 1,100 cells, so some chunks lack it.
        var levelsOfCell = new int[cells * Covariates];
        for (var n = 0; n < cells; n++)
        {
            levelsOfCell[n * Covariates] = n < 1100 ? random.Next(3) : random.Next(2);
            levelsOfCell[(n * Covariates) + 1] = 3 + random.Next(2);
        }

        return (z, y, r, levelsOfCell);
    }
}
