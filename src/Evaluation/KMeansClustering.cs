namespace PllmML.Evaluation;

/// <summary>
/// k-means (Lloyd's algorithm, as scikit-learn's <c>KMeans(algorithm="lloyd")</c>): assign every cell to its nearest
/// centre (lowest index on ties), move each centre to the mean of its cells, until no assignment changes (at most
/// 300 rounds; an emptied cluster keeps its centre). Seeding: k-means++ (Arthur &amp; Vassilvitskii 2007: first
/// centre uniform, each next centre drawn with probability ∝ squared distance to the nearest chosen centre) from
/// <see cref="Random"/> with the given seed; <c>restarts</c> seeds are tried and the lowest inertia wins.
/// </summary>
public static class KMeansClustering
{
    /// <summary>Clusters with k-means++ seeding and restarts.</summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="cellCount">Rows.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="clusterCount">k.</param>
    /// <param name="seed">Seed of the first restart; restart r uses seed + r.</param>
    /// <param name="restarts">Number of seedings tried (sklearn 1.2's <c>n_init</c> = 10).</param>
    /// <returns>A cluster code per cell.</returns>
    public static int[] Cluster(IReadOnlyList<double> data, int cellCount, int dimensions, int clusterCount, int seed = 0, int restarts = 10)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(clusterCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(clusterCount, cellCount);
        var values = data as double[] ?? [.. data];
        int[]? best = null;
        var bestInertia = double.PositiveInfinity;
        for (var r = 0; r < restarts; r++)
        {
            var centres = PlusPlus(values, cellCount, dimensions, clusterCount, new Random(seed + r));
            var (labels, inertia) = Lloyd(values, cellCount, dimensions, centres, clusterCount);
            if (inertia < bestInertia)
            {
                best = labels;
                bestInertia = inertia;
            }
        }

        return best!;
    }

    /// <summary>Lloyd iterations from given initial centres.</summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="cellCount">Rows.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="initialCentres">Row-major k × dimensions centres (not changed).</param>
    /// <param name="clusterCount">k.</param>
    /// <returns>Labels and the inertia (sum of squared distances to the assigned centres).</returns>
    public static (int[] Labels, double Inertia) Lloyd(double[] data, int cellCount, int dimensions, double[] initialCentres, int clusterCount)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(initialCentres);
        var centres = (double[])initialCentres.Clone();
        var labels = new int[cellCount];
        Array.Fill(labels, -1);
        var inertia = 0.0;
        for (var round = 0; round < 300; round++)
        {
            var (changed, roundInertia) = Assign(data, cellCount, dimensions, centres, clusterCount, labels);
            inertia = roundInertia;
            if (!changed)
            {
                break;
            }

            Update(data, cellCount, dimensions, centres, clusterCount, labels);
        }

        return (labels, inertia);
    }

    private static (bool Changed, double Inertia) Assign(double[] data, int n, int d, double[] centres, int k, int[] labels)
    {
        var changed = 0;
        var inertias = new double[n];
        Parallel.For(0, n, i =>
        {
            var best = 0;
            var bestDistance = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                var distance = 0.0;
                for (var t = 0; t < d; t++)
                {
                    var diff = data[(i * d) + t] - centres[(c * d) + t];
                    distance += diff * diff;
                }

                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = c;
                }
            }

            inertias[i] = bestDistance;
            if (labels[i] != best)
            {
                labels[i] = best;
                Interlocked.Exchange(ref changed, 1);
            }
        });
        return (changed != 0, inertias.Sum());
    }

    private static void Update(double[] data, int n, int d, double[] centres, int k, int[] labels)
    {
        var sums = new double[k * d];
        var counts = new int[k];
        for (var i = 0; i < n; i++)
        {
            counts[labels[i]]++;
            for (var t = 0; t < d; t++)
            {
                sums[(labels[i] * d) + t] += data[(i * d) + t];
            }
        }

        for (var c = 0; c < k; c++)
        {
            if (counts[c] == 0)
            {
                continue;
            }

            for (var t = 0; t < d; t++)
            {
                centres[(c * d) + t] = sums[(c * d) + t] / counts[c];
            }
        }
    }

    private static double[] PlusPlus(double[] data, int n, int d, int k, Random random)
    {
        var centres = new double[k * d];
        var first = random.Next(n);
        Array.Copy(data, first * d, centres, 0, d);
        var nearest = new double[n];
        for (var i = 0; i < n; i++)
        {
            nearest[i] = SquaredDistance(data, i, centres, 0, d);
        }

        for (var c = 1; c < k; c++)
        {
            var total = nearest.Sum();
            var pick = random.NextDouble() * total;
            var chosen = n - 1;
            var cumulative = 0.0;
            for (var i = 0; i < n; i++)
            {
                cumulative += nearest[i];
                if (cumulative > pick)
                {
                    chosen = i;
                    break;
                }
            }

            Array.Copy(data, chosen * d, centres, c * d, d);
            for (var i = 0; i < n; i++)
            {
                nearest[i] = Math.Min(nearest[i], SquaredDistance(data, i, centres, c, d));
            }
        }

        return centres;
    }

    private static double SquaredDistance(double[] data, int row, double[] centres, int centre, int d)
    {
        var sum = 0.0;
        for (var t = 0; t < d; t++)
        {
            var diff = data[(row * d) + t] - centres[(centre * d) + t];
            sum += diff * diff;
        }

        return sum;
    }
}
