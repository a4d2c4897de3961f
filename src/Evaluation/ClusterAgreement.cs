namespace PllmML.Evaluation;

/// <summary>
/// Agreement of two partitions, as scikit-learn: normalised mutual information (arithmetic mean normalisation,
/// <c>normalized_mutual_info_score</c>) and the adjusted Rand index (<c>adjusted_rand_score</c>).
/// </summary>
public static class ClusterAgreement
{
    /// <summary>NMI = MI / ((H(a) + H(b)) / 2); 1 when both partitions have a single cluster, as sklearn.</summary>
    /// <param name="a">First partition (codes).</param>
    /// <param name="b">Second partition (codes).</param>
    public static double NormalizedMutualInformation(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var (table, rowSums, columnSums, n) = Contingency(a, b);
        if ((rowSums.Length == 1 && columnSums.Length == 1) || (rowSums.Length == 0))
        {
            return 1.0;
        }

        var mutual = 0.0;
        foreach (var ((i, j), count) in table)
        {
            mutual += count / n * Math.Log(count * n / ((double)rowSums[i] * columnSums[j]));
        }

        mutual = Math.Max(mutual, 0);
        if (mutual == 0)
        {
            return 0.0;
        }

        return mutual / ((Entropy(rowSums, n) + Entropy(columnSums, n)) / 2);
    }

    /// <summary>The adjusted Rand index; 1 for the special cases sklearn treats as perfect.</summary>
    /// <param name="a">First partition (codes).</param>
    /// <param name="b">Second partition (codes).</param>
    public static double AdjustedRandIndex(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var (table, rowSums, columnSums, n) = Contingency(a, b);
        // sklearn's pair confusion matrix: tn, fp, fn, tp over ordered pairs of cells.
        var sumSquares = table.Values.Sum(c => c * c);
        var truePositive = sumSquares - n;
        var falsePositive = columnSums.Sum(c => (double)c * c) - sumSquares;
        var falseNegative = rowSums.Sum(c => (double)c * c) - sumSquares;
        var trueNegative = (n * n) - falsePositive - falseNegative - sumSquares;
        if (falseNegative == 0 && falsePositive == 0)
        {
            return 1.0;
        }

        return 2.0 * ((truePositive * trueNegative) - (falseNegative * falsePositive))
            / (((truePositive + falseNegative) * (falseNegative + trueNegative)) + ((truePositive + falsePositive) * (falsePositive + trueNegative)));
    }

    private static double Entropy(int[] sums, double n) =>
        -sums.Where(s => s > 0).Sum(s => s / n * Math.Log(s / n));

    private static (Dictionary<(int, int), double> Table, int[] RowSums, int[] ColumnSums, double N) Contingency(
        IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"Partitions of {a.Count} and {b.Count} cells.", nameof(b));
        }

        var rows = Dense(a);
        var columns = Dense(b);
        var table = new Dictionary<(int, int), double>();
        var rowSums = new int[rows.Length > 0 ? rows.Max() + 1 : 0];
        var columnSums = new int[columns.Length > 0 ? columns.Max() + 1 : 0];
        for (var i = 0; i < a.Count; i++)
        {
            table[(rows[i], columns[i])] = table.GetValueOrDefault((rows[i], columns[i])) + 1;
            rowSums[rows[i]]++;
            columnSums[columns[i]]++;
        }

        return (table, rowSums, columnSums, a.Count);
    }

    private static int[] Dense(IReadOnlyList<int> codes)
    {
        var map = new Dictionary<int, int>();
        return codes.Select(c => map.TryGetValue(c, out var d) ? d : map[c] = map.Count).ToArray();
    }
}
