using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using PllmML.Kernels.Integration;

namespace PllmML.Benchmarks.Integration;

/// <summary>
/// Harmony's CPU kernels one call at a time at 100,000 cells × 50 dimensions × 100 clusters, one covariate of two levels:
/// the register-blocked kernels (<see cref="HarmonyKernels"/>) against the former per-(cell, cluster) TensorPrimitives
/// loops (<see cref="LegacyHarmonyKernels"/>, the baseline of each category).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 7)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HarmonyKernelBenchmarks
{
    private const int D = 50;
    private const int K = 100;
    private const int Levels = 2;
    private double[] _cells = [];
    private double[] _centroids = [];
    private double[] _assignments = [];
    private double[] _distances = [];
    private double[] _output = [];
    private double[] _sigma = [];
    private double[] _coefficients = [];
    private double[] _logRatio = [];
    private int[] _levelsOfCell = [];

    /// <summary>Cells.</summary>
    [Params(100_000)]
    public int Cells { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _cells = Enumerable.Range(0, Cells * D).Select(_ => random.NextDouble() - 0.5).ToArray();
        HarmonyKernels.NormaliseRows(_cells, D, _cells);
        _centroids = Enumerable.Range(0, K * D).Select(_ => random.NextDouble() - 0.5).ToArray();
        HarmonyKernels.NormaliseRows(_centroids, D, _centroids);
        _assignments = new double[Cells * K];
        for (var n = 0; n < Cells; n++)
        {
            var row = _assignments.AsSpan(n * K, K);
            for (var k = 0; k < K; k++)
            {
                row[k] = random.NextDouble() < 0.1 ? 0 : random.NextDouble();
            }

            var sum = 0.0;
            foreach (var value in row)
            {
                sum += value;
            }

            foreach (ref var value in row)
            {
                value /= sum;
            }
        }

        _distances = new double[Cells * K];
        HarmonyKernels.CosineDistances(_centroids, _cells, D, _distances);
        _output = new double[Cells * D];
        _sigma = Enumerable.Repeat(0.1, K).ToArray();
        _coefficients = Enumerable.Range(0, K * (Levels + 1) * D).Select(i => Math.Sin(i) * 0.01).ToArray();
        _logRatio = Enumerable.Range(0, K * Levels).Select(_ => random.NextDouble() - 0.5).ToArray();
        _levelsOfCell = Enumerable.Range(0, Cells).Select(n => n % 2).ToArray();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("CosineDistances")]
    public double[] CosineDistancesOld()
    {
        LegacyHarmonyKernels.CosineDistances(_centroids, _cells, D, _distances);
        return _distances;
    }

    [Benchmark, BenchmarkCategory("CosineDistances")]
    public double[] CosineDistancesNew()
    {
        HarmonyKernels.CosineDistances(_centroids, _cells, D, _distances);
        return _distances;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("WeightedSums")]
    public double[] WeightedSumsOld() => LegacyHarmonyKernels.WeightedSums(_cells, _assignments, K, D);

    [Benchmark, BenchmarkCategory("WeightedSums")]
    public double[] WeightedSumsNew() => HarmonyKernels.WeightedSums(_cells, _assignments, K, D);

    [Benchmark(Baseline = true), BenchmarkCategory("RidgeStatistics")]
    public double[] RidgeStatisticsOld() => LegacyHarmonyKernels.RidgeStatistics(_cells, _assignments, _levelsOfCell, 1, Levels, K, D);

    [Benchmark, BenchmarkCategory("RidgeStatistics")]
    public double[] RidgeStatisticsNew() => HarmonyKernels.RidgeStatistics(_cells, _assignments, _levelsOfCell, 1, Levels, K, D);

    [Benchmark(Baseline = true), BenchmarkCategory("Correct")]
    public double[] CorrectOld()
    {
        LegacyHarmonyKernels.Correct(_cells, _assignments, _levelsOfCell, 1, _coefficients, Levels, D, _output);
        return _output;
    }

    [Benchmark, BenchmarkCategory("Correct")]
    public double[] CorrectNew()
    {
        HarmonyKernels.Correct(_cells, _assignments, _levelsOfCell, 1, _coefficients, Levels, D, _output);
        return _output;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Objective")]
    public double ObjectiveOld() => LegacyHarmonyKernels.Objective(_assignments, _distances, _sigma, _levelsOfCell, 1, _logRatio, Levels);

    [Benchmark, BenchmarkCategory("Objective")]
    public double ObjectiveNew() => HarmonyKernels.Objective(_assignments, _distances, _sigma, _levelsOfCell, 1, _logRatio, Levels);

    [Benchmark(Baseline = true), BenchmarkCategory("ScaledExponentials")]
    public double[] ScaledExponentialsOld()
    {
        LegacyHarmonyKernels.ScaledExponentials(_distances, _sigma, _assignments);
        return _assignments;
    }

    [Benchmark, BenchmarkCategory("ScaledExponentials")]
    public double[] ScaledExponentialsNew()
    {
        HarmonyKernels.ScaledExponentials(_distances, _sigma, _assignments);
        return _assignments;
    }
}
