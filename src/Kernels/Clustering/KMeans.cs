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
    /// <remarks>
    /// Each round after the first skips the points whose nearest centre cannot have changed (Hamerly's bounds: an upper
    /// bound on the distance to the assigned centre, a lower bound on the distance to every other, moved by how far the
    /// centres moved). The bounds are widened by a relative margin far above the rounding of any computed distance, so a
    /// skipped point is one whose computed distances would all have put it where it is: the labels, centres and inertia
    /// are Lloyd's, bit for bit.
    /// </remarks>
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
        var bounds = new AssignmentBounds(n, dimensions, clusterCount);
        var previous = new double[centres.Length];
        var inertia = 0.0;
        var iterations = 0;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            iterations++;
            var changed = Assign(data, dimensions, centres, clusterCount, labels, bounds, firstRound: iteration == 0);
            if (!changed || iteration == maxIterations - 1)
            {
                inertia = Inertia(data, dimensions, centres, labels);
            }

            if (!changed)
            {
                break;
            }

            Array.Copy(centres, previous, centres.Length);
            UpdateCentres(data, dimensions, centres, clusterCount, labels);
            bounds.Move(previous, centres, dimensions, labels);
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

    /// <summary>
    /// One assignment round: every point not excused by its bounds is assigned to its nearest centre (lowest index on
    /// ties); the bounds of the points assigned are reset from their nearest and second-nearest distances.
    /// </summary>
    private static bool Assign(double[] data, int d, double[] centres, int k, int[] labels, AssignmentBounds bounds, bool firstRound)
    {
        var vectorised = Vector256.IsHardwareAccelerated && k >= Vector256<double>.Count;
        var lanes = Vector256<double>.Count;
        var padded = vectorised ? (k + lanes - 1) / lanes * lanes : k;

        // The centres transposed (dimension-major, clusters padded to whole vectors), so that one vector holds four
        // centres' coordinate j: each lane sums (x_j − c_j)² over j in order with a separate multiply and add, the very
        // operations of SquaredDistance, so every distance (and so every label) has the same bits as the scalar path.
        var transposed = vectorised ? new double[d * padded] : centres;
        if (vectorised)
        {
            for (var c = 0; c < k; c++)
            {
                for (var j = 0; j < d; j++)
                {
                    transposed[(j * padded) + c] = centres[(c * d) + j];
                }
            }
        }

        if (!firstRound)
        {
            bounds.SeparateCentres(centres, d);
        }

        var changed = 0;
        var chunks = (labels.Length + AssignChunk - 1) / AssignChunk;
        Parallel.For(0, chunks, chunk =>
        {
            var distances = new double[PointsAtOnce * padded];
            var pending = new int[AssignChunk];
            var pendingCount = 0;
            var end = Math.Min(labels.Length, (chunk + 1) * AssignChunk);
            if (firstRound)
            {
                for (var point = chunk * AssignChunk; point < end; point++)
                {
                    pending[pendingCount++] = point;
                }
            }
            else
            {
                // Points whose bounds do not excuse them have their distance to their own centre computed (four at a
                // time) and are excused if that tighter bound does; the rest are assigned afresh.
                var doubtful = new int[AssignChunk];
                var doubtfulCount = 0;
                for (var point = chunk * AssignChunk; point < end; point++)
                {
                    if (!bounds.Excuses(labels[point], point))
                    {
                        doubtful[doubtfulCount++] = point;
                    }
                }

                Span<double> own = stackalloc double[PointsAtOnce];
                for (var first = 0; first < doubtfulCount; first += PointsAtOnce)
                {
                    var group = doubtful.AsSpan(first, Math.Min(PointsAtOnce, doubtfulCount - first));
                    OwnCentreDistances(data, d, centres, labels, group, own);
                    for (var p = 0; p < group.Length; p++)
                    {
                        if (!bounds.ExcusesAt(labels[group[p]], group[p], own[p]))
                        {
                            pending[pendingCount++] = group[p];
                        }
                    }
                }
            }

            var local = 0;
            for (var first = 0; first < pendingCount; first += PointsAtOnce)
            {
                var count = Math.Min(PointsAtOnce, pendingCount - first);
                if (vectorised)
                {
                    SquaredDistancesTransposed(data, d, pending.AsSpan(first, count), transposed, padded, distances);
                }
                else
                {
                    for (var p = 0; p < count; p++)
                    {
                        var x = data.AsSpan(pending[first + p] * d, d);
                        for (var c = 0; c < k; c++)
                        {
                            distances[(p * padded) + c] = SquaredDistance(x, centres.AsSpan(c * d, d));
                        }
                    }
                }

                for (var p = 0; p < count; p++)
                {
                    var best = 0;
                    var bestDistance = double.PositiveInfinity;
                    var second = double.PositiveInfinity;
                    for (var c = 0; c < k; c++)
                    {
                        var distance = distances[(p * padded) + c];
                        if (distance < bestDistance)
                        {
                            second = bestDistance;
                            bestDistance = distance;
                            best = c;
                        }
                        else if (distance < second)
                        {
                            second = distance;
                        }
                    }

                    var point = pending[first + p];
                    bounds.Reset(point, bestDistance, second);
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
    /// squared[p] = ‖x − centre of x‖² for the (≤ 4) <paramref name="points"/>, as <see cref="SquaredDistance"/> (four
    /// independent sums side by side, each in dimension order).
    /// </summary>
    private static void OwnCentreDistances(double[] data, int d, double[] centres, int[] labels, ReadOnlySpan<int> points, Span<double> squared)
    {
        if (points.Length < PointsAtOnce)
        {
            for (var p = 0; p < points.Length; p++)
            {
                squared[p] = SquaredDistance(data.AsSpan(points[p] * d, d), centres.AsSpan(labels[points[p]] * d, d));
            }

            return;
        }

        var x0 = data.AsSpan(points[0] * d, d);
        var x1 = data.AsSpan(points[1] * d, d);
        var x2 = data.AsSpan(points[2] * d, d);
        var x3 = data.AsSpan(points[3] * d, d);
        var c0 = centres.AsSpan(labels[points[0]] * d, d);
        var c1 = centres.AsSpan(labels[points[1]] * d, d);
        var c2 = centres.AsSpan(labels[points[2]] * d, d);
        var c3 = centres.AsSpan(labels[points[3]] * d, d);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (var j = 0; j < d; j++)
        {
            var d0 = x0[j] - c0[j];
            var d1 = x1[j] - c1[j];
            var d2 = x2[j] - c2[j];
            var d3 = x3[j] - c3[j];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }

        squared[0] = s0;
        squared[1] = s1;
        squared[2] = s2;
        squared[3] = s3;
    }

    /// <summary>Σ ‖x − centre of x‖² in point order (the bits of the sum of the assignment's own distances).</summary>
    private static double Inertia(double[] data, int d, double[] centres, int[] labels)
    {
        var inertia = 0.0;
        for (var point = 0; point < labels.Length; point++)
        {
            inertia += SquaredDistance(data.AsSpan(point * d, d), centres.AsSpan(labels[point] * d, d));
        }

        return inertia;
    }

    /// <summary>
    /// distances[p · padded + c] = ‖x_p − centre c‖² for the (≤ 4) <paramref name="points"/>. Four points share each centre load and run four independent sums, so the adds do not
    /// wait on each other (one point's sum over the dimensions is a chain of dependent adds).
    /// </summary>
    private static void SquaredDistancesTransposed(double[] data, int d, ReadOnlySpan<int> points, double[] transposed, int padded, double[] distances)
    {
        var lanes = Vector256<double>.Count;
        var last = points.Length - 1;
        ref var centres = ref MemoryMarshal.GetArrayDataReference(transposed);
        ref var x0 = ref data[(long)points[0] * d];
        ref var x1 = ref data[(long)points[Math.Min(1, last)] * d];
        ref var x2 = ref data[(long)points[Math.Min(2, last)] * d];
        ref var x3 = ref data[(long)points[Math.Min(3, last)] * d];
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
