namespace PllmML.Kernels.Statistics;

/// <summary>A two-sided Wilcoxon rank-sum (Mann–Whitney) test of one group against another.</summary>
/// <param name="U">The Mann–Whitney U of the first group (its rank sum minus n₁(n₁+1)/2).</param>
/// <param name="Z">The standard score with tie and continuity correction (0 when every value ties).</param>
/// <param name="PValue">The two-sided p-value of the normal approximation (1 when every value ties).</param>
public readonly record struct RankSumResult(double U, double Z, double PValue);
