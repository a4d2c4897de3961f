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
        ArgumentNullException.ThrowIfNull(groups);
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
        var widths = new double[rows.Count];
        SquaredDistanceBlocks.ForEach(
            data,
            dimensions,
            rows,
            rows,
            () => (new double[groupCount], new double[SquaredDistanceBlocks.BlockSize]),
            (state, q, blockStart, squared) =>
            {
                var (sums, distances) = ((double[], double[]))state!;
                var span = distances.AsSpan(0, squared.Length);
                System.Numerics.Tensors.TensorPrimitives.Sqrt(squared, span);
                if (q >= blockStart && q < blockStart + squared.Length)
                {
                    span[q - blockStart] = 0; // the cell itself
                }

                for (var j = 0; j < span.Length; j++)
                {
                    sums[groupArray[blockStart + j]] += span[j];
                }
            },
            (state, q) => widths[q] = Width((((double[], double[]))state!).Item1, sizes, groupArray[q]));
        return widths;
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
