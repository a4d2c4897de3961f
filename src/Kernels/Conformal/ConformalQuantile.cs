namespace PllmML.Kernels.Conformal;

/// <summary>
/// The split-conformal threshold (Angelopoulos &amp; Bates, arXiv 2107.07511, §1): of n calibration scores, the
/// ⌈(n + 1)(1 − α)⌉-th smallest. A new item whose score is at most it is covered with probability ≥ 1 − α when it is
/// exchangeable with the calibration items. When ⌈(n + 1)(1 − α)⌉ &gt; n, too few scores exist to promise the level:
/// the threshold is +∞ (every candidate is kept).
/// </summary>
public static class ConformalQuantile
{
    /// <summary>The threshold of ascending scores at coverage 1 − α.</summary>
    /// <param name="sortedScores">The calibration scores, ascending.</param>
    /// <param name="coverage">1 − α, in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">Coverage outside (0, 1).</exception>
    public static double Threshold(ReadOnlySpan<float> sortedScores, double coverage)
    {
        if (coverage is not (> 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(coverage), coverage, "The coverage must lie in (0, 1).");
        }

        var n = sortedScores.Length;
        var rank = (int)Math.Ceiling((n + 1) * coverage - 1e-9);
        return rank > n || n == 0 ? double.PositiveInfinity : sortedScores[rank - 1];
    }

    /// <summary>The conformal p-value of a new score: (1 + #{calibration scores ≥ it}) / (n + 1).</summary>
    /// <param name="sortedScores">The calibration scores, ascending.</param>
    /// <param name="score">The new score.</param>
    public static double PValue(ReadOnlySpan<float> sortedScores, double score)
    {
        var below = 0;
        while (below < sortedScores.Length && sortedScores[below] < score)
        {
            below++;
        }

        return (1.0 + sortedScores.Length - below) / (sortedScores.Length + 1);
    }
}
