using System.Globalization;
using PllmML.Kernels.Clustering;
using PllmML.Kernels.Randomness;

namespace PllmML.Kernels.Tests.Clustering;

public sealed class KMeansTests
{
    private const int D = 5;
    private const int K = 4;

    [SklearnFact]
    public void Fit_FromGivenCentres_MatchesSklearnLloyd()
    {
        var data = Blobs(600, seed: 20261204);
        var initial = new double[K * D];
        Array.Copy(data, 0, initial, 0, initial.Length);
        var result = KMeans.Fit(data, D, K, new GivenCentresSeeding(initial));

        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, [string.Join(' ', data.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))]);
            const string script = """
                import sys, numpy as np
                from sklearn.cluster import KMeans
                x = np.loadtxt(sys.argv[1]).reshape(-1, 5)
                km = KMeans(n_clusters=4, init=x[:4], n_init=1, algorithm="lloyd", tol=0, max_iter=300).fit(x)
                print(" ".join(map(str, km.labels_)))
                print(repr(km.inertia_))
                print(" ".join(repr(v) for v in km.cluster_centers_.ravel()))
                """;
            var lines = PythonPeer.Run("-c", script, path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(lines[0].Split(' ').Select(int.Parse).ToArray(), result.Labels);
            Assert.Equal(double.Parse(lines[1], CultureInfo.InvariantCulture), result.Inertia, 1e-9);
            var centres = lines[2].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            for (var i = 0; i < centres.Length; i++)
            {
                Assert.Equal(centres[i], result.Centres[i], 1e-9);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Fit_Converged_IsAFixedPointOfLloyd()
    {
        var data = Blobs(500, seed: 7);
        var result = KMeans.Fit(data, D, K, new KMeansPlusPlusSeeding(new SplitMix64(3)));
        Assert.True(result.Iterations < KMeans.DefaultMaxIterations);
        var inertia = 0.0;
        var sums = new double[K * D];
        var counts = new int[K];
        for (var point = 0; point < data.Length / D; point++)
        {
            var distances = Enumerable.Range(0, K).Select(c => SquaredDistance(data, point, result.Centres, c)).ToArray();
            var nearest = Array.IndexOf(distances, distances.Min());
            Assert.Equal(nearest, result.Labels[point]);
            inertia += distances[nearest];
            counts[nearest]++;
            for (var t = 0; t < D; t++)
            {
                sums[(nearest * D) + t] += data[(point * D) + t];
            }
        }

        Assert.Equal(inertia, result.Inertia, 1e-9);
        for (var c = 0; c < K; c++)
        {
            for (var t = 0; t < D; t++)
            {
                Assert.Equal(sums[(c * D) + t] / counts[c], result.Centres[(c * D) + t], 12);
            }
        }
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(5, 5)]
    [InlineData(7, 17)]
    [InlineData(50, 100)]
    [InlineData(53, 101)]
    public void Fit_HasTheBitsOfPlainScalarLloyd(int dimensions, int clusters)
    {
        // The vectorised assignment must give every distance the bits of the scalar sum Σ (x − c)² in dimension order.
        var random = new Random(dimensions * 1000 + clusters);
        var data = Enumerable.Range(0, 2000 * dimensions).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var initial = new double[clusters * dimensions];
        Array.Copy(data, 0, initial, 0, initial.Length);

        var result = KMeans.Fit(data, dimensions, clusters, new GivenCentresSeeding(initial), maxIterations: 20);

        var (labels, inertia, centres) = ScalarLloyd(data, dimensions, clusters, initial, 20);
        Assert.Equal(labels, result.Labels);
        Assert.Equal(BitConverter.DoubleToInt64Bits(inertia), BitConverter.DoubleToInt64Bits(result.Inertia));
        Assert.Equal(centres.Select(BitConverter.DoubleToInt64Bits), result.Centres.Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [InlineData(2, 3, 1.0)]
    [InlineData(30, 12, 1.0)]
    [InlineData(50, 100, 1.0)]
    [InlineData(8, 9, 1e-158)]
    [InlineData(8, 9, 1e150)]
    public void Fit_ToConvergence_SkipsOnlyWhatLloydWouldKeep(int dimensions, int clusters, double scale)
    {
        // Hamerly's bounds excuse most points after the first rounds; uniform data takes many rounds to settle, and the
        // scales put distances near underflow and near overflow of their squares.
        var random = new Random((dimensions * 31) + clusters);
        var data = Enumerable.Range(0, 3000 * dimensions).Select(_ => (random.NextDouble() * 2 - 1) * scale).ToArray();
        var initial = new double[clusters * dimensions];
        Array.Copy(data, 0, initial, 0, initial.Length);

        var result = KMeans.Fit(data, dimensions, clusters, new GivenCentresSeeding(initial));

        var (labels, inertia, centres) = ScalarLloyd(data, dimensions, clusters, initial, KMeans.DefaultMaxIterations);
        Assert.True(result.Iterations > 5, $"{result.Iterations} rounds");
        Assert.Equal(labels, result.Labels);
        Assert.Equal(BitConverter.DoubleToInt64Bits(inertia), BitConverter.DoubleToInt64Bits(result.Inertia));
        Assert.Equal(centres.Select(BitConverter.DoubleToInt64Bits), result.Centres.Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(6)]
    public void Fit_OnALatticeFullOfTies_GivesTheLowestIndexAsLloyd(int clusters)
    {
        // Points of {0, 1, 2}³ (each several times) and centres on lattice points and midpoints: many points are at
        // exactly the same distance from two centres in every round, where the lowest index must win.
        var data = new List<double>();
        for (var copy = 0; copy < 5; copy++)
        {
            for (var p = 0; p < 27; p++)
            {
                data.AddRange([p % 3, p / 3 % 3, p / 9]);
            }
        }

        var initial = new[] { 1.0, 1, 1, 0, 1, 1, 2, 1, 1, 1, 0.5, 1, 1, 1.5, 1, 0.5, 0.5, 0.5 }.Take(clusters * 3).ToArray();
        var points = data.ToArray();

        var result = KMeans.Fit(points, 3, clusters, new GivenCentresSeeding(initial));

        var (labels, inertia, centres) = ScalarLloyd(points, 3, clusters, initial, KMeans.DefaultMaxIterations);
        Assert.Equal(labels, result.Labels);
        Assert.Equal(BitConverter.DoubleToInt64Bits(inertia), BitConverter.DoubleToInt64Bits(result.Inertia));
        Assert.Equal(centres.Select(BitConverter.DoubleToInt64Bits), result.Centres.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void KMeansPlusPlus_WithAsManyClustersAsPoints_PicksEveryPointOnce()
    {
        var data = Blobs(12, seed: 11);
        foreach (IUniformRandom random in new IUniformRandom[] { new SplitMix64(5), new SystemRandom(5) })
        {
            var centres = new KMeansPlusPlusSeeding(random).Seed(data, D, 12);
            var picked = Enumerable.Range(0, 12)
                .Select(c => Enumerable.Range(0, 12).Single(p => SquaredDistance(data, p, centres, c) == 0))
                .ToArray();
            Assert.Equal(Enumerable.Range(0, 12), picked.Order());
        }
    }

    [Fact]
    public void FitBestOf_KeepsTheLowestInertiaRestart()
    {
        var data = Blobs(300, seed: 13);
        var best = KMeans.FitBestOf(data, D, K, seed: 2, restarts: 5);
        var singles = Enumerable.Range(2, 5).Select(s => KMeans.Fit(data, D, K, new KMeansPlusPlusSeeding(new SystemRandom(s)))).ToArray();
        Assert.Equal(singles.Min(r => r.Inertia), best.Inertia);
        Assert.Equal(singles.First(r => r.Inertia == best.Inertia).Labels, best.Labels);
    }

    [Fact]
    public void Fit_WithMoreClustersThanPoints_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KMeans.Fit(new double[3 * D], D, 4, new KMeansPlusPlusSeeding(new SplitMix64(1))));
        Assert.Throws<ArgumentException>(() => KMeans.Fit(new double[6 * D], D, 2, new GivenCentresSeeding(new double[D])));
    }

    private static (int[] Labels, double Inertia, double[] Centres) ScalarLloyd(double[] data, int d, int k, double[] initial, int iterations)
    {
        var n = data.Length / d;
        var centres = (double[])initial.Clone();
        var labels = Enumerable.Repeat(-1, n).ToArray();
        var inertia = 0.0;
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var changed = false;
            inertia = 0;
            for (var point = 0; point < n; point++)
            {
                var best = 0;
                var bestDistance = double.PositiveInfinity;
                for (var c = 0; c < k; c++)
                {
                    double sum = 0;
                    for (var j = 0; j < d; j++)
                    {
                        var diff = data[(point * d) + j] - centres[(c * d) + j];
                        sum += diff * diff;
                    }

                    if (sum < bestDistance)
                    {
                        bestDistance = sum;
                        best = c;
                    }
                }

                inertia += bestDistance;
                changed |= labels[point] != best;
                labels[point] = best;
            }

            if (!changed)
            {
                break;
            }

            var sums = new double[k * d];
            var counts = new int[k];
            for (var point = 0; point < n; point++)
            {
                counts[labels[point]]++;
                for (var j = 0; j < d; j++)
                {
                    sums[(labels[point] * d) + j] += data[(point * d) + j];
                }
            }

            for (var c = 0; c < k; c++)
            {
                for (var j = 0; counts[c] > 0 && j < d; j++)
                {
                    centres[(c * d) + j] = sums[(c * d) + j] / counts[c];
                }
            }
        }

        return (labels, inertia, centres);
    }

    private static double SquaredDistance(double[] data, int point, double[] centres, int centre)
    {
        var sum = 0.0;
        for (var t = 0; t < D; t++)
        {
            var diff = data[(point * D) + t] - centres[(centre * D) + t];
            sum += diff * diff;
        }

        return sum;
    }

    /// <summary>Four Gaussian blobs in five dimensions, points interleaved by blob.</summary>
    private static double[] Blobs(int points, int seed)
    {
        var random = new System.Random(seed);
        var data = new double[points * D];
        for (var p = 0; p < points; p++)
        {
            for (var t = 0; t < D; t++)
            {
                var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                data[(p * D) + t] = (3.0 * ((p % K) == t % K ? 1 : 0)) + normal;
            }
        }

        return data;
    }
}
