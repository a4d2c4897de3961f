namespace PllmML.Kernels.Clustering;

/// <summary>
/// Hamerly's bounds for Lloyd's k-means (Hamerly, "Making k-means even faster", SDM 2010): per point an upper bound on
/// its distance to its assigned centre and a lower bound on its distance to every other centre, and per centre half
/// the distance to its nearest other centre. A point whose upper bound is below both lower bounds keeps its centre.
/// </summary>
/// <remarks>
/// The bounds are Euclidean (not squared) distances between the stored vectors, widened after every computation by a
/// relative margin of (d + 8) · 2⁻⁵⁰ — eight times the worst relative rounding of a computed Σ (x − c)² over d terms
/// and of the bounds' own sums — so that an excused point is one whose computed distances would all have been larger
/// for every other centre than for its own (a tie is never excused: the lowest index wins ties).
/// </remarks>
internal sealed class AssignmentBounds
{
    /// <summary>
    /// Above the absolute error that underflow can put in a computed distance (each of d squared terms loses at most
    /// 2⁻¹⁰⁷⁴, about 1e-161 · √d after the square root); relative margins alone do not cover distances near 1e-154.
    /// </summary>
    private const double UnderflowSlack = 1e-150;

    private const int MoveChunk = 16384;

    private readonly double[] _upper;
    private readonly double[] _lower;
    private readonly double[] _halfSeparation;
    private readonly double[] _moves;
    private readonly double _margin;

    /// <summary>Bounds for <paramref name="pointCount"/> points of <paramref name="dimensions"/> and <paramref name="clusterCount"/> centres.</summary>
    public AssignmentBounds(int pointCount, int dimensions, int clusterCount)
    {
        _margin = (dimensions + 8) * Math.ScaleB(1.0, -50);
        _upper = new double[pointCount];
        _lower = new double[pointCount];
        _halfSeparation = new double[clusterCount];
        _moves = new double[clusterCount];
    }

    /// <summary>Half the distance from every centre to its nearest other centre, for the round about to start.</summary>
    public void SeparateCentres(double[] centres, int dimensions)
    {
        var k = _halfSeparation.Length;
        for (var c = 0; c < k; c++)
        {
            var nearest = double.PositiveInfinity;
            for (var other = 0; other < k; other++)
            {
                if (other != c)
                {
                    nearest = Math.Min(nearest, KMeans.SquaredDistance(centres.AsSpan(c * dimensions, dimensions), centres.AsSpan(other * dimensions, dimensions)));
                }
            }

            _halfSeparation[c] = 0.5 * Math.Sqrt(nearest) * (1 - _margin);
        }
    }

    /// <summary>
    /// True when <paramref name="point"/> certainly stays with <paramref name="label"/>: its upper bound is below the
    /// lower bound of every other centre.
    /// </summary>
    public bool Excuses(int label, int point) => _upper[point] < Threshold(label, point);

    /// <summary>
    /// <see cref="Excuses(int, int)"/> after tightening the upper bound to <paramref name="ownSquared"/>, the computed
    /// squared distance to <paramref name="label"/>.
    /// </summary>
    public bool ExcusesAt(int label, int point, double ownSquared)
    {
        _upper[point] = Math.Sqrt(ownSquared) * (1 + _margin);
        return _upper[point] < Threshold(label, point);
    }

    /// <summary>The bounds of a point just assigned: its nearest and second-nearest computed squared distances.</summary>
    public void Reset(int point, double nearestSquared, double secondSquared)
    {
        _upper[point] = Math.Sqrt(nearestSquared) * (1 + _margin);
        _lower[point] = Math.Sqrt(secondSquared) * (1 - _margin);
    }

    private double Threshold(int label, int point) => (Math.Max(_halfSeparation[label], _lower[point]) * (1 - _margin)) - UnderflowSlack;

    /// <summary>Widens every point's bounds by how far the centres moved from <paramref name="previous"/>.</summary>
    public void Move(double[] previous, double[] centres, int dimensions, int[] labels)
    {
        var farthest = -1;
        for (var c = 0; c < _moves.Length; c++)
        {
            _moves[c] = Math.Sqrt(KMeans.SquaredDistance(previous.AsSpan(c * dimensions, dimensions), centres.AsSpan(c * dimensions, dimensions))) * (1 + _margin);
            if (farthest < 0 || _moves[c] > _moves[farthest])
            {
                farthest = c;
            }
        }

        var secondFarthest = 0.0;
        for (var c = 0; c < _moves.Length; c++)
        {
            if (c != farthest)
            {
                secondFarthest = Math.Max(secondFarthest, _moves[c]);
            }
        }

        var farthestMove = _moves[farthest];
        Parallel.For(0, (labels.Length + MoveChunk - 1) / MoveChunk, chunk =>
        {
            var end = Math.Min(labels.Length, (chunk + 1) * MoveChunk);
            for (var point = chunk * MoveChunk; point < end; point++)
            {
                var label = labels[point];
                _upper[point] = (_upper[point] + _moves[label]) * (1 + _margin);
                var lower = _lower[point] - (label == farthest ? secondFarthest : farthestMove);

                // Not (lower · (1 − margin)) when negative: that would raise it; no distance is below 0.
                _lower[point] = lower > 0 ? lower * (1 - _margin) : 0;
            }
        });
    }
}
