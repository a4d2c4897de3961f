using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PllmML.Kernels.Clustering;
using PllmML.Kernels.Randomness;

namespace PllmML.Benchmarks.Integration;

/// <summary>
/// Harmony's starting clusters: k-means (k-means++ seeding, 25 Lloyd rounds at most) of 100,000 unit cells × 50
/// dimensions into 100 clusters, the assignment step being most of it.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class KMeansBenchmarks
{
    private const int Dimensions = 50;
    private double[] _cells = [];

    /// <summary>Cells.</summary>
    [Params(100_000)]
    public int Cells { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Twenty blobs on the unit sphere, as Harmony's cosine-normalised PCA scores.
        var random = new Random(1);
        var centres = Enumerable.Range(0, 20 * Dimensions).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        _cells = new double[Cells * Dimensions];
        for (var cell = 0; cell < Cells; cell++)
        {
            var row = _cells.AsSpan(cell * Dimensions, Dimensions);
            var blob = random.Next(20);
            for (var j = 0; j < Dimensions; j++)
            {
                row[j] = centres[(blob * Dimensions) + j] + ((random.NextDouble() - 0.5) * 0.6);
            }

            var norm = Math.Sqrt(row.ToArray().Sum(v => v * v));
            for (var j = 0; j < Dimensions; j++)
            {
                row[j] /= norm;
            }
        }
    }

    /// <summary>One k-means as Harmony starts it.</summary>
    [Benchmark]
    public double HarmonyStart() => KMeans.Fit(_cells, Dimensions, 100, new KMeansPlusPlusSeeding(new SplitMix64(0)), 25).Inertia;
}
