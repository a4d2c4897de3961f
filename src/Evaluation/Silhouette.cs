using PllmML.Kernels.Neighbors;

namespace PllmML.Evaluation;

/// <summary>
/// Silhouette widths exactly as scikit-learn's <c>silhouette_samples</c> (Euclidean): for cell i,
/// a = mean distance to the other cells of its group, b = the smallest mean distance to another group,
/// s = (b − a) / max(a, b); s = 0 for a cell alone in its group. Computed over distance blocks (no N × N matrix).
/// </summary>
public static class Silhouette
{
    /// <summary>Silhouette width of every cell with respect to a grouping.</summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="rows">The rows taking part (distances only among these).</param>
    /// <param name="groups">The group code of each of <paramref name="rows"/>, 0 … groups − 1.</param>
    /// <returns>One width per row, in the order of <paramref name="rows"/>.</returns>
    /// <exception cref="ArgumentException">Fewer than 2 groups, or as many groups as cells (sklearn's rule).</exception>
    public static double[] Samples(double[] data, int dimensions, IReadOnlyList<int> rows, IReadOnlyList<int> groups)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Samples(data, dimensions, rows, groups, Enumerable.Range(0, rows.Count).ToArray());
    }

    /// <summary>
    /// The exact silhouette width of some of the cells: for each position in <paramref name="sampled"/>, its distances to
    /// all of <paramref name="rows"/>, as <see cref="Samples(double[], int, IReadOnlyList{int}, IReadOnlyList{int})"/>
    /// computes them — the same value bit for bit as that cell's width in the full computation.
    /// </summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="rows">The rows taking part (distances only among these).</param>
    /// <param name="groups">The group code of each of <paramref name="rows"/>.</param>
    /// <param name="sampled">Positions in <paramref name="rows"/> whose widths are wanted.</param>
    /// <returns>One width per sampled position, in that order.</returns>
    /// <exception cref="ArgumentException">Fewer than 2 groups, or as many groups as cells.</exception>
    public static double[] Samples(double[] data, int dimensions, IReadOnlyList<int> rows, IReadOnlyList<int> groups, IReadOnlyList<int> sampled)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(sampled);
        var groupCount = groups.Count == 0 ? 0 : groups.Max() + 1;
        var sizes = new int[groupCount];
        foreach (var g in groups)
        {
            sizes[g]++;
        }

        var present = sizes.Count(s => s > 0);
        if (present < 2 || present > rows.Count - 1)
        {
            throw new ArgumentException(
                $"A silhouette needs 2 to cells − 1 groups; there are {present} groups among {rows.Count} cells.", nameof(groups));
        }

        var groupArray = groups as int[] ?? [.. groups];
        var sampledArray = sampled as int[] ?? [.. sampled];
        var queries = sampledArray.Select(p => rows[p]).ToArray();
        var widths = new double[sampledArray.Length];
        SquaredDistanceBlocks.ForEach(
            data,
            dimensions,
            queries,
            rows,
            () => (new double[groupCount], new double[SquaredDistanceBlocks.BlockSize]),
            (state, q, blockStart, squared) =>
            {
                var (sums, distances) = ((double[], double[]))state!;
                var span = distances.AsSpan(0, squared.Length);
                System.Numerics.Tensors.TensorPrimitives.Sqrt(squared, span);
                var self = sampledArray[q];
                if (self >= blockStart && self < blockStart + squared.Length)
                {
                    span[self - blockStart] = 0; // the cell itself
                }

                for (var j = 0; j < span.Length; j++)
                {
                    sums[groupArray[blockStart + j]] += span[j];
                }
            },
            (state, q) => widths[q] = Width((((double[], double[]))state!).Item1, sizes, groupArray[sampledArray[q]]));
        return widths;
    }

    /// <summary>
    /// A stratified, seeded sample of positions: every position of a group with at most <paramref name="perGroup"/>
    /// members, <paramref name="perGroup"/> drawn without replacement (<see cref="Random"/> of <paramref name="seed"/>)
    /// from each larger group; in increasing order.
    /// </summary>
    /// <param name="groups">The group code of each position.</param>
    /// <param name="perGroup">Members kept per group.</param>
    /// <param name="seed">The seed of the draw.</param>
    public static int[] StratifiedSample(IReadOnlyList<int> groups, int perGroup, int seed)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfLessThan(perGroup, 1);
        var groupCount = groups.Count == 0 ? 0 : groups.Max() + 1;
        var members = Enumerable.Range(0, groupCount).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < groups.Count; i++)
        {
            members[groups[i]].Add(i);
        }

        var random = new Random(seed);
        var sample = new List<int>();
        foreach (var list in members)
        {
            if (list.Count <= perGroup)
            {
                sample.AddRange(list);
                continue;
            }

            for (var i = 0; i < perGroup; i++)
            {
                var j = i + random.Next(list.Count - i); // partial Fisher–Yates
                (list[i], list[j]) = (list[j], list[i]);
            }

            sample.AddRange(list.Take(perGroup));
        }

        sample.Sort();
        return [.. sample];
    }

    /// <summary>
    /// The stratified estimate of the mean of f(width) over all positions from the sampled ones: Σ over groups of
    /// (group size / positions) × the mean of f over the group's sampled positions (each group sampled uniformly, so
    /// unbiased; exact for a group sampled whole).
    /// </summary>
    /// <param name="groups">The group code of every position.</param>
    /// <param name="sampled">The sampled positions.</param>
    /// <param name="widths">Their widths.</param>
    /// <param name="f">The function averaged (identity for the silhouette).</param>
    public static double StratifiedMean(IReadOnlyList<int> groups, IReadOnlyList<int> sampled, IReadOnlyList<double> widths, Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(sampled);
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentNullException.ThrowIfNull(f);
        var groupCount = groups.Count == 0 ? 0 : groups.Max() + 1;
        var sizes = new long[groupCount];
        foreach (var g in groups)
        {
            sizes[g]++;
        }

        var sums = new double[groupCount];
        var counts = new int[groupCount];
        for (var i = 0; i < sampled.Count; i++)
        {
            var g = groups[sampled[i]];
            sums[g] += f(widths[i]);
            counts[g]++;
        }

        var mean = 0.0;
        for (var g = 0; g < groupCount; g++)
        {
            if (counts[g] > 0)
            {
                mean += (double)sizes[g] / groups.Count * (sums[g] / counts[g]);
            }
        }

        return mean;
    }

    /// <summary>The mean silhouette width over all cells (sklearn's <c>silhouette_score</c>).</summary>
    /// <param name="input">The embedding and labels.</param>
    /// <param name="groups">The grouping (usually <see cref="EvaluationInput.Labels"/>).</param>
    public static double Score(EvaluationInput input, LabelCodes groups)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(groups);
        return Samples(input.Values, input.Dimensions, SquaredDistanceBlocks.All(input.CellCount), groups.Codes).Average();
    }

    private static double Width(double[] sums, int[] sizes, int own)
    {
        if (sizes[own] <= 1)
        {
            return 0.0;
        }

        var a = sums[own] / (sizes[own] - 1);
        var b = double.PositiveInfinity;
        for (var g = 0; g < sums.Length; g++)
        {
            if (g != own && sizes[g] > 0)
            {
                b = Math.Min(b, sums[g] / sizes[g]);
            }
        }

        var denominator = Math.Max(a, b);
        return denominator == 0 ? 0.0 : (b - a) / denominator;
    }
}
