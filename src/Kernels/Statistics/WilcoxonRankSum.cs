namespace PllmML.Kernels.Statistics;

/// <summary>
/// The two-sided Wilcoxon rank-sum (Mann–Whitney U) test by the normal approximation with tie and continuity
/// correction: R's <c>wilcox.test(exact = FALSE, correct = TRUE)</c> (what Seurat's FindMarkers runs) and scipy's
/// <c>mannwhitneyu(method = "asymptotic", use_continuity = True)</c>.
/// </summary>
/// <remarks>
/// The sparse one-versus-rest form ranks only a gene's non-zero values: the zeros form one tie block whose average
/// rank sits between the negative and the positive values, so a gene costs O(nnz log nnz) for every group at once.
/// </remarks>
public static class WilcoxonRankSum
{
    /// <summary>Tests the first sample against the second.</summary>
    /// <param name="first">The first sample.</param>
    /// <param name="second">The second sample.</param>
    /// <param name="continuityCorrection">Subtract ½ from |U − n₁n₂/2| (R's and Seurat's default).</param>
    public static RankSumResult Test(ReadOnlySpan<double> first, ReadOnlySpan<double> second, bool continuityCorrection = true)
    {
        var all = new double[first.Length + second.Length];
        first.CopyTo(all);
        second.CopyTo(all.AsSpan(first.Length));
        var ranks = new double[all.Length];
        var tieSum = Ranks.Average(all, ranks);
        var rankSum = 0.0;
        for (var i = 0; i < first.Length; i++)
        {
            rankSum += ranks[i];
        }

        return FromRankSum(rankSum, first.Length, all.Length, tieSum, continuityCorrection);
    }

    /// <summary>
    /// Tests every group against all other cells for one gene given only its non-zero values: the group of each
    /// non-zero value and the size of every group (the zeros are the cells not listed).
    /// </summary>
    /// <param name="values">The gene's non-zero values (any order).</param>
    /// <param name="groups">The group of each non-zero value's cell, 0 … groups − 1.</param>
    /// <param name="groupSizes">The cells of each group, zeros included; every cell belongs to one group.</param>
    /// <param name="results">Receives one result per group (NaN when a group or the rest is empty).</param>
    /// <param name="continuityCorrection">Subtract ½ from |U − n₁n₂/2|.</param>
    /// <param name="workspace">Scratch reused between genes; null allocates.</param>
    public static void OneVersusRest(
        ReadOnlySpan<double> values,
        ReadOnlySpan<int> groups,
        ReadOnlySpan<int> groupSizes,
        Span<RankSumResult> results,
        bool continuityCorrection = true,
        RankSumWorkspace? workspace = null)
    {
        if (groups.Length != values.Length)
        {
            throw new ArgumentException($"{groups.Length} groups for {values.Length} values.", nameof(groups));
        }

        if (results.Length != groupSizes.Length)
        {
            throw new ArgumentException($"{results.Length} results for {groupSizes.Length} groups.", nameof(results));
        }

        var groupCount = groupSizes.Length;
        var n = 0;
        foreach (var size in groupSizes)
        {
            n += size;
        }

        var nonZero = values.Length;
        workspace ??= new RankSumWorkspace();
        workspace.Ensure(nonZero, groupCount);
        var keys = workspace.Keys.AsSpan(0, nonZero);
        var owners = workspace.Owners.AsSpan(0, nonZero);
        values.CopyTo(keys);
        groups.CopyTo(owners);
        keys.Sort(owners);
        var rankSums = workspace.RankSums.AsSpan(0, groupCount);
        var nonZeroPerGroup = workspace.NonZeroPerGroup.AsSpan(0, groupCount);
        rankSums.Clear();
        nonZeroPerGroup.Clear();
        var zeros = n - nonZero;
        var negatives = 0;
        while (negatives < nonZero && keys[negatives] < 0)
        {
            negatives++;
        }

        var tieSum = ((double)zeros * zeros * zeros) - zeros;
        var start = 0;
        while (start < nonZero)
        {
            var end = start + 1;
            while (end < nonZero && keys[end] == keys[start])
            {
                end++;
            }

            var t = end - start;
            var offset = start >= negatives ? zeros : 0;
            var rank = ((start + end + 1) / 2.0) + offset;
            for (var k = start; k < end; k++)
            {
                rankSums[owners[k]] += rank;
                nonZeroPerGroup[owners[k]]++;
            }

            tieSum += ((double)t * t * t) - t;
            start = end;
        }

        var zeroRank = negatives + ((zeros + 1) / 2.0);
        for (var g = 0; g < groupCount; g++)
        {
            var rankSum = rankSums[g] + ((groupSizes[g] - nonZeroPerGroup[g]) * zeroRank);
            results[g] = FromRankSum(rankSum, groupSizes[g], n, tieSum, continuityCorrection);
        }
    }

    /// <summary>The test from the first group's rank sum.</summary>
    /// <param name="rankSum">Σ ranks of the first group (ranks of all n values, ties averaged).</param>
    /// <param name="firstCount">n₁.</param>
    /// <param name="totalCount">n = n₁ + n₂.</param>
    /// <param name="tieSum">Σ (t³ − t) over the tie blocks of all n values.</param>
    /// <param name="continuityCorrection">Subtract ½ from |U − n₁n₂/2|.</param>
    public static RankSumResult FromRankSum(double rankSum, int firstCount, int totalCount, double tieSum, bool continuityCorrection = true)
    {
        double n1 = firstCount, n = totalCount, n2 = n - n1;
        var u = rankSum - (n1 * (n1 + 1) / 2.0);
        if (n1 == 0 || n2 == 0)
        {
            return new RankSumResult(u, double.NaN, double.NaN);
        }

        var variance = n1 * n2 / 12.0 * (n + 1 - (tieSum / (n * (n - 1))));
        if (!(variance > 0))
        {
            return new RankSumResult(u, 0, 1);
        }

        var difference = u - (n1 * n2 / 2.0);
        var correction = continuityCorrection ? 0.5 * Math.Sign(difference) : 0.0;
        var z = (difference - correction) / Math.Sqrt(variance);
        return new RankSumResult(u, z, NormalDistribution.TwoSidedPValue(z));
    }
}
