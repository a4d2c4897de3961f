namespace PllmML.Trainers.Integration;

/// <summary>
/// Harmony's centroid initialisation: k-means++ seeding (the first centre uniform, each next one drawn with
/// probability proportional to the squared distance to the nearest chosen centre) and Lloyd iterations until the
/// assignment stops changing; an emptied cluster keeps its centre; ties go to the lower cluster index.
/// </summary>
internal static class KMeans
{
    public static double[] Fit(double[] cells, int d, int k, int maxIterations, SplitMix64 random)
    {
        var n = cells.Length / d;
        var centres = new double[k * d];
        var nearest = new double[n];
        Array.Fill(nearest, double.PositiveInfinity);
        var first = random.NextIndex(n);
        Array.Copy(cells, first * d, centres, 0, d);
        for (var c = 1; c < k; c++)
        {
            UpdateNearest(cells, d, centres.AsSpan((c - 1) * d, d), nearest);
            double total = 0;
            foreach (var value in nearest)
            {
                total += value;
            }

            var target = random.NextDouble() * total;
            double cumulative = 0;
            var chosen = n - 1;
            for (var cell = 0; cell < n; cell++)
            {
                cumulative += nearest[cell];
                if (cumulative > target)
                {
                    chosen = cell;
                    break;
                }
            }

            Array.Copy(cells, chosen * d, centres, c * d, d);
        }

        var assignment = new int[n];
        Array.Fill(assignment, -1);
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            if (!Assign(cells, d, centres, k, assignment))
            {
                break;
            }

            UpdateCentres(cells, d, centres, k, assignment);
        }

        return centres;
    }

    private static void UpdateNearest(double[] cells, int d, ReadOnlySpan<double> centre, double[] nearest)
    {
        for (var cell = 0; cell < nearest.Length; cell++)
        {
            nearest[cell] = Math.Min(nearest[cell], SquaredDistance(cells.AsSpan(cell * d, d), centre));
        }
    }

    private static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (var j = 0; j < a.Length; j++)
        {
            var diff = a[j] - b[j];
            sum += diff * diff;
        }

        return sum;
    }

    private static bool Assign(double[] cells, int d, double[] centres, int k, int[] assignment)
    {
        var changed = 0;
        Parallel.For(0, assignment.Length, () => 0, (cell, _, local) =>
        {
            var best = 0;
            var bestDistance = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                var distance = SquaredDistance(cells.AsSpan(cell * d, d), centres.AsSpan(c * d, d));
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = c;
                }
            }

            if (assignment[cell] != best)
            {
                assignment[cell] = best;
                return local + 1;
            }

            return local;
        }, local => Interlocked.Add(ref changed, local));
        return changed > 0;
    }

    private static void UpdateCentres(double[] cells, int d, double[] centres, int k, int[] assignment)
    {
        var sums = new double[k * d];
        var counts = new int[k];
        for (var cell = 0; cell < assignment.Length; cell++)
        {
            var c = assignment[cell];
            counts[c]++;
            for (var j = 0; j < d; j++)
            {
                sums[(c * d) + j] += cells[(cell * d) + j];
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
