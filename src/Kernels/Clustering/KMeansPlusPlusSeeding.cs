using PllmML.Kernels.Randomness;

namespace PllmML.Kernels.Clustering;

/// <summary>
/// k-means++ seeding (Arthur &amp; Vassilvitskii 2007): the first centre is a uniform point, each next centre a point
/// drawn with probability proportional to its squared distance to the nearest chosen centre (inverse-CDF over the
/// points in order; the last point when rounding leaves the draw past the end).
/// </summary>
/// <param name="random">The draws: one index, then one double per further centre.</param>
public sealed class KMeansPlusPlusSeeding(IUniformRandom random) : IKMeansSeeding
{
    /// <inheritdoc/>
    public double[] Seed(ReadOnlySpan<double> data, int dimensions, int clusterCount)
    {
        var n = data.Length / dimensions;
        var centres = new double[clusterCount * dimensions];
        var nearest = new double[n];
        Array.Fill(nearest, double.PositiveInfinity);
        var first = random.NextIndex(n);
        data.Slice(first * dimensions, dimensions).CopyTo(centres);
        for (var c = 1; c < clusterCount; c++)
        {
            var previous = centres.AsSpan((c - 1) * dimensions, dimensions);
            double total = 0;
            for (var point = 0; point < n; point++)
            {
                nearest[point] = Math.Min(nearest[point], KMeans.SquaredDistance(data.Slice(point * dimensions, dimensions), previous));
                total += nearest[point];
            }

            var target = random.NextDouble() * total;
            double cumulative = 0;
            var chosen = n - 1;
            for (var point = 0; point < n; point++)
            {
                cumulative += nearest[point];
                if (cumulative > target)
                {
                    chosen = point;
                    break;
                }
            }

            data.Slice(chosen * dimensions, dimensions).CopyTo(centres.AsSpan(c * dimensions, dimensions));
        }

        return centres;
    }
}
