using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    private const int AssignChunk = 512;

    /// <summary>Points whose distances one pass over the centres computes (independent sums that hide the add latency).</summary>
    private const int PointsAtOnce = 4;

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

    private static bool Assign(double[] data, int d, double[] centres, int k, int[] labels, double[] inertias)
    {
        if (!Vector256.IsHardwareAccelerated || k < Vector256<double>.Count)
        {
            return AssignScalar(data, d, centres, k, labels, inertias);
        }

        // The centres transposed (dimension-major, clusters padded to whole vectors), so that one vector holds four
        // centres' coordinate j: each lane sums (x_j − c_j)² over j in order with a separate multiply and add, the very
        // operations of SquaredDistance, so every distance (and so every label) has the same bits as the scalar path.
        var lanes = Vector256<double>.Count;
        var padded = (k + lanes - 1) / lanes * lanes;
        var transposed = new double[d * padded];
        for (var c = 0; c < k; c++)
        {
            for (var j = 0; j < d; j++)
            {
                transposed[(j * padded) + c] = centres[(c * d) + j];
            }
        }

        var changed = 0;
        var chunks = (labels.Length + AssignChunk - 1) / AssignChunk;
        Parallel.For(0, chunks, chunk =>
        {
            var distances = new double[PointsAtOnce * padded];
            var local = 0;
            var end = Math.Min(labels.Length, (chunk + 1) * AssignChunk);
            for (var first = chunk * AssignChunk; first < end; first += PointsAtOnce)
            {
                var count = Math.Min(PointsAtOnce, end - first);
                SquaredDistancesTransposed(data, d, first, count, transposed, padded, distances);
                for (var p = 0; p < count; p++)
                {
                    var best = 0;
                    var bestDistance = double.PositiveInfinity;
                    for (var c = 0; c < k; c++)
                    {
                        if (distances[(p * padded) + c] < bestDistance)
                        {
                            bestDistance = distances[(p * padded) + c];
                            best = c;
                        }
                    }

                    var point = first + p;
                    inertias[point] = bestDistance;
                    if (labels[point] != best)
                    {
                        labels[point] = best;
                        local++;
                    }
                }
            }

            Interlocked.Add(ref changed, local);
        });
        return changed > 0;
    }

    /// <summary>
    /// distances[p · padded + c] = ‖x_p − centre c‖² for <paramref name="count"/> (≤ 4) consecutive points from
    /// <paramref name="first"/>. Four points share each centre load and run four independent sums, so the adds do not
    /// wait on each other (one point's sum over the dimensions is a chain of dependent adds).
    /// </summary>
    private static void SquaredDistancesTransposed(double[] data, int d, int first, int count, double[] transposed, int padded, double[] distances)
    {
        var lanes = Vector256<double>.Count;
        ref var centres = ref MemoryMarshal.GetArrayDataReference(transposed);
        ref var x0 = ref data[(long)first * d];
        ref var x1 = ref data[(long)(first + Math.Min(1, count - 1)) * d];
        ref var x2 = ref data[(long)(first + Math.Min(2, count - 1)) * d];
        ref var x3 = ref data[(long)(first + Math.Min(3, count - 1)) * d];
        ref var output = ref MemoryMarshal.GetArrayDataReference(distances);
        for (var group = 0; group < padded; group += lanes)
        {
            Vector256<double> s0 = default, s1 = default, s2 = default, s3 = default;
            for (var j = 0; j < d; j++)
            {
                var centre = Vector256.LoadUnsafe(ref centres, (nuint)((j * padded) + group));
                var d0 = Vector256.Create(Unsafe.Add(ref x0, j)) - centre;
                var d1 = Vector256.Create(Unsafe.Add(ref x1, j)) - centre;
                var d2 = Vector256.Create(Unsafe.Add(ref x2, j)) - centre;
                var d3 = Vector256.Create(Unsafe.Add(ref x3, j)) - centre;
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }

            s0.StoreUnsafe(ref output, (nuint)group);
            s1.StoreUnsafe(ref output, (nuint)(padded + group));
            s2.StoreUnsafe(ref output, (nuint)((2 * padded) + group));
            s3.StoreUnsafe(ref output, (nuint)((3 * padded) + group));
        }
    }

    private static bool AssignScalar(double[] data, int d, double[] centres, int k, int[] labels, double[] inertias)
    {
        var changed = 0;
        Parallel.For(0, labels.Length, () => 0, (point, _, local) =>
        {
            var best = 0;
            var bestDistance = double.PositiveInfinity;
            var x = data.AsSpan(point * d, d);
            for (var c = 0; c < k; c++)
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

            // Element-wise adds in point order: every sum has the bits of the scalar loop.
            var sum = sums.AsSpan(c * d, d);
            TensorPrimitives.Add(sum, data.AsSpan(point * d, d), sum);
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
