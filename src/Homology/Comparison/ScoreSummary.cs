namespace PllmML.Homology.Comparison;

/// <summary>The distribution of a mapping's scores (NaN scores are left out and counted apart).</summary>
/// <param name="Count">Scores that are numbers.</param>
/// <param name="Missing">Pairs without a score.</param>
/// <param name="Min">Smallest score.</param>
/// <param name="Quartile1">25th percentile (linear interpolation, as numpy's default).</param>
/// <param name="Median">Median.</param>
/// <param name="Quartile3">75th percentile.</param>
/// <param name="Max">Largest score.</param>
/// <param name="Mean">Mean.</param>
public sealed record ScoreSummary(
    int Count, int Missing, double Min, double Quartile1, double Median, double Quartile3, double Max, double Mean)
{
    /// <summary>Summarises scores.</summary>
    /// <param name="scores">The scores; NaN means missing.</param>
    public static ScoreSummary Of(IEnumerable<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var all = scores.ToArray();
        var sorted = all.Where(value => !double.IsNaN(value)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new ScoreSummary(0, all.Length, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        return new ScoreSummary(
            sorted.Length, all.Length - sorted.Length, sorted[0], Percentile(sorted, 0.25), Percentile(sorted, 0.5),
            Percentile(sorted, 0.75), sorted[^1], sorted.Average());
    }

    private static double Percentile(double[] sorted, double fraction)
    {
        var position = fraction * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
