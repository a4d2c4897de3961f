using PllmML.Kernels.Integration;

namespace PllmML.Kernels.Tests.Integration;

public sealed class HarmonyKernelsTests
{
    private const int Cells = 2500;
    private const int Clusters = 7;
    private const int D = 9;

    [Fact]
    public void CosineDistances_EqualNaiveLoop()
    {
        var (cells, centroids, _) = Inputs();
        var distances = new double[Cells * Clusters];
        HarmonyKernels.CosineDistances(centroids, cells, D, distances);
        for (var n = 0; n < Cells; n++)
        {
            for (var k = 0; k < Clusters; k++)
            {
                double dot = 0;
                for (var j = 0; j < D; j++)
                {
                    dot += centroids[(k * D) + j] * cells[(n * D) + j];
                }

                Assert.Equal(2 * (1 - dot), distances[(n * Clusters) + k], 12);
            }
        }
    }

    [Fact]
    public void WeightedSums_EqualNaiveLoop_AndDoNotDependOnThreads()
    {
        var (cells, _, assignments) = Inputs();
        var sums = HarmonyKernels.WeightedSums(cells, assignments, Clusters, D);
        var again = HarmonyKernels.WeightedSums(cells, assignments, Clusters, D);
        Assert.Equal(sums, again);
        for (var k = 0; k < Clusters; k++)
        {
            for (var j = 0; j < D; j++)
            {
                double expected = 0;
                for (var n = 0; n < Cells; n++)
                {
                    expected += assignments[(n * Clusters) + k] * cells[(n * D) + j];
                }

                Assert.Equal(expected, sums[(k * D) + j], 9);
            }
        }
    }

    [Fact]
    public void RidgeStatisticsAndCorrect_EqualNaiveLoops()
    {
        var (cells, _, assignments) = Inputs();
        var levels = Enumerable.Range(0, Cells).Select(n => n % 3).ToArray();
        var statistics = HarmonyKernels.RidgeStatistics(cells, assignments, levels, 1, 3, Clusters, D);
        var rows = 4;
        var stride = (rows * rows) + (rows * D);
        for (var k = 0; k < Clusters; k++)
        {
            var total = Enumerable.Range(0, Cells).Sum(n => assignments[(n * Clusters) + k]);
            var level1 = Enumerable.Range(0, Cells).Where(n => levels[n] == 1).Sum(n => assignments[(n * Clusters) + k]);
            Assert.Equal(total, statistics[k * stride], 9);
            Assert.Equal(level1, statistics[(k * stride) + 2], 9);
            Assert.Equal(level1, statistics[(k * stride) + (2 * rows) + 2], 9);
            Assert.Equal(0, statistics[(k * stride) + (1 * rows) + 2]);
        }

        var coefficients = Enumerable.Range(0, Clusters * rows * D).Select(i => Math.Sin(i)).ToArray();
        var corrected = new double[cells.Length];
        HarmonyKernels.Correct(cells, assignments, levels, 1, coefficients, 3, D, corrected);
        for (var n = 0; n < Cells; n += 97)
        {
            for (var j = 0; j < D; j++)
            {
                var expected = cells[(n * D) + j];
                for (var k = 0; k < Clusters; k++)
                {
                    expected -= assignments[(n * Clusters) + k] * coefficients[(((k * rows) + levels[n] + 1) * D) + j];
                }

                Assert.Equal(expected, corrected[(n * D) + j], 12);
            }
        }
    }

    [Fact]
    public void IlgpuCpuAccelerator_MatchesCpuKernels()
    {
        var (cells, centroids, assignments) = Inputs();
        using var accelerator = HarmonyAccelerator.CreateCpu();
        var expected = new double[Cells * Clusters];
        var actual = new double[Cells * Clusters];
        HarmonyKernels.CosineDistances(centroids, cells, D, expected);
        accelerator.CosineDistances(centroids, cells, D, actual);
        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) < 1e-12);
        var sums = HarmonyKernels.WeightedSums(cells, assignments, Clusters, D);
        Assert.Equal(sums, accelerator.WeightedSums(cells, assignments, Clusters, D), (a, b) => Math.Abs(a - b) < 1e-9);
    }

    private static (double[] Cells, double[] Centroids, double[] Assignments) Inputs()
    {
        var random = new Random(3);
        var cells = Enumerable.Range(0, Cells * D).Select(_ => random.NextDouble() - 0.5).ToArray();
        HarmonyKernels.NormaliseRows(cells, D, cells);
        var centroids = Enumerable.Range(0, Clusters * D).Select(_ => random.NextDouble() - 0.5).ToArray();
        HarmonyKernels.NormaliseRows(centroids, D, centroids);
        var assignments = Enumerable.Range(0, Cells * Clusters).Select(_ => random.NextDouble()).ToArray();
        return (cells, centroids, assignments);
    }
}
