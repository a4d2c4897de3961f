using PllmML.Kernels.Randomness;

namespace PllmML.Kernels.Clustering;

/// <summary>
/// k-means by Lloyd's algorithm (as scikit-learn's <c>KMeans(algorithm="lloyd")</c>): assign every point to its
/// nearest centre by squared Euclidean distance (lowest index on ties), move each centre to the mean of its points,
/// until no assignment changes or the iteration limit is reached; an emptied cluster keeps its centre. The initial
/// centres come from an <see cref="IKMeansSeeding"/> strategy. The one k-means of PllmML: scib's KMeans NMI/ARI
/// (with <see cref="KMeansPlusPlusSeeding"/> on <see cref="SystemRandom"/> and restarts) and Harmony's centroid
/// initialisation (k-means++ on <see cref="SplitMix64"/>, one run) both call it.
/// </summary>
public static class KMeans
{
    /// <summary>scikit-learn's default iteration limit (<c>max_iter=300</c>).</summary>
    public const int DefaultMaxIterations = 300;

    /// <summary>Seeds and runs Lloyd iterations.</summary>
    /// <param name="data">Row-major points × dimensions.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="clusterCount">k, between 1 and the number of points.</param>
    /// <param name="seeding">The initial centres.</param>
    /// <param name="maxIterations">The most assignment rounds.</param>
    /// <exception cref="ArgumentOutOfRangeException">k is not between 1 and the number of points.</exception>
    public static KMeansResult Fit(double[] data, int dimensions, int clusterCount, IKMeansSeeding seeding, int maxIterations = DefaultMaxIterations)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(seeding);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        var n = data.Length / dimensions;
        ArgumentOutOfRangeException.ThrowIfLessThan(clusterCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(clusterCount, n);
        var centres = seeding.Seed(data, dimensions, clusterCount);
        var labels = new int[n];
        Array.Fill(labels, -1);
        var inertias = new double[n];
        var inertia = 0.0;
        var iterations = 0;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            iterations++;
            var changed = Assign(data, dimensions, centres, clusterCount, labels, inertias);
            inertia = 0;
            foreach (var value in inertias)
            {
                inertia += value;
            }

            if (!changed)
            {
                break;
            }

            UpdateCentres(data, dimensions, centres, clusterCount, labels);
        }

        return new KMeansResult(centres, labels, inertia, iterations);
    }

    /// <summary>
    /// k-means++ from <paramref name="restarts"/> seeds of <see cref="System.Random"/> (restart r uses seed + r); the
    /// run with the lowest inertia wins (the first on ties), as scikit-learn's <c>n_init</c>.
    /// </summary>
    /// <param name="data">Row-major points × dimensions.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="clusterCount">k.</param>
    /// <param name="seed">Seed of the first restart.</param>
    /// <param name="restarts">Seedings tried (scikit-learn 1.2's <c>n_init</c> = 10).</param>
    public static KMeansResult FitBestOf(double[] data, int dimensions, int clusterCount, int seed, int restarts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(restarts, 1);
        KMeansResult? best = null;
        for (var r = 0; r < restarts; r++)
        {
            var result = Fit(data, dimensions, clusterCount, new KMeansPlusPlusSeeding(new SystemRandom(seed + r)));
            if (best is null || result.Inertia < best.Inertia)
            {
                best = result;
            }
        }

        return best!;
    }

    internal static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (var j = 0; j < a.Length; j++)
        {
            var diff = a[j] - b[j];
            sum += diff * diff;
        }

        return sum;
    }

    // SquaredDistance to four consecutive centres at once: four independent sums, each in the same order as
    // SquaredDistance's (the same bits), so the additions' latency overlaps instead of chaining.
    private static void SquaredDistances4(ReadOnlySpan<double> a, ReadOnlySpan<double> centres, Span<double> distances)
    {
        var d = a.Length;
        var c0 = centres[..d];
        var c1 = centres.Slice(d, d);
        var c2 = centres.Slice(2 * d, d);
        var c3 = centres.Slice(3 * d, d);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (var j = 0; j < d; j++)
        {
            var value = a[j];
            var d0 = value - c0[j];
            var d1 = value - c1[j];
            var d2 = value - c2[j];
            var d3 = value - c3[j];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }

        distances[0] = s0;
        distances[1] = s1;
        distances[2] = s2;
        distances[3] = s3;
    }

    private static bool Assign(double[] data, int d, double[] centres, int k, int[] labels, double[] inertias)
    {
        var changed = 0;
        Parallel.For(0, labels.Length, () => 0, (point, _, local) =>
        {
            var best = 0;
            var bestDistance = double.PositiveInfinity;
            var x = data.AsSpan(point * d, d);
            var c = 0;
            Span<double> four = stackalloc double[4];
            for (; c + 4 <= k; c += 4)
            {
                SquaredDistances4(x, centres.AsSpan(c * d, 4 * d), four);
                for (var q = 0; q < 4; q++)
                {
                    if (four[q] < bestDistance)
                    {
                        bestDistance = four[q];
                        best = c + q;
                    }
                }
            }

            for (; c < k; c++)
            {
                var distance = SquaredDistance(x, centres.AsSpan(c * d, d));
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = c;
                }
            }

            inertias[point] = bestDistance;
            if (labels[point] != best)
            {
                labels[point] = best;
                return local + 1;
            }

            return local;
        }, local => Interlocked.Add(ref changed, local));
        return changed > 0;
    }

    private static void UpdateCentres(double[] data, int d, double[] centres, int k, int[] labels)
    {
        var sums = new double[k * d];
        var counts = new int[k];
        for (var point = 0; point < labels.Length; point++)
        {
            var c = labels[point];
            counts[c]++;
            for (var j = 0; j < d; j++)
            {
                sums[(c * d) + j] += data[(point * d) + j];
            }
        }

        for (var c = 0; c < k; c++)
        {
            if (counts[c] > 0)
            {
                for (var j = 0; j < d; j++)
                {
                    centres[(c * d) + j] = sums[(c * d) + j] / counts[c];
                }
            }
        }
    }
}
