namespace PllmML.Kernels.Statistics;

/// <summary>Average ranks (ties share the mean of their positions, 1-based), as R's <c>rank(ties.method = "average")</c>.</summary>
public static class Ranks
{
    /// <summary>Writes the average rank of every value and returns Σ (t³ − t) over the tie blocks.</summary>
    /// <param name="values">The values; NaN is not allowed.</param>
    /// <param name="ranks">Receives the ranks, same length.</param>
    public static double Average(ReadOnlySpan<double> values, Span<double> ranks)
    {
        if (ranks.Length != values.Length)
        {
            throw new ArgumentException($"{ranks.Length} ranks for {values.Length} values.", nameof(ranks));
        }

        var n = values.Length;
        var order = new int[n];
        var keys = values.ToArray();
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            if (double.IsNaN(keys[i]))
            {
                throw new ArgumentException($"value {i} is NaN.", nameof(values));
            }
        }

        Array.Sort(keys, order);
        var tieSum = 0.0;
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            var t = end - start;
            var rank = (start + end + 1) / 2.0;
            for (var k = start; k < end; k++)
            {
                ranks[order[k]] = rank;
            }

            tieSum += ((double)t * t * t) - t;
            start = end;
        }

        return tieSum;
    }

    /// <summary>
    /// The area under the ROC curve of scores for positives against negatives, by ranks with ties averaged
    /// (MetaNeighbor's <c>(Σ positive ranks / n₊ − (n₊ + 1)/2) / n₋</c>); NaN when either side is empty.
    /// </summary>
    /// <param name="scores">One score per item.</param>
    /// <param name="positive">Whether each item is a positive.</param>
    public static double Auroc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        var ranks = new double[scores.Length];
        Average(scores, ranks);
        var (positives, sum) = (0, 0.0);
        for (var i = 0; i < scores.Length; i++)
        {
            if (positive[i])
            {
                positives++;
                sum += ranks[i];
            }
        }

        var negatives = scores.Length - positives;
        return positives == 0 || negatives == 0 ? double.NaN : ((sum / positives) - ((positives + 1) / 2.0)) / negatives;
    }
}
