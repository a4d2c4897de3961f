using PllmML.Kernels.Clustering;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// CellTypist's majority voting (<c>annotate(majority_voting=True)</c>): the query is over-clustered in the integrated
/// space (here k-means with about √n clusters, best of 4 seeded starts, where CellTypist uses Leiden) and every cell of
/// a cluster gets the cluster's most common call; a cluster whose most common call holds less than
/// <see cref="MinimumShare"/> of it is <see cref="Heterogeneous"/>. Like CellTypist it is skipped for 50 cells or fewer.
/// </summary>
internal static class MajorityVoting
{
    /// <summary>The label of a cluster without a clear majority.</summary>
    public const string Heterogeneous = "heterogeneous";

    /// <summary>The smallest share of its cluster the majority call must hold.</summary>
    public const double MinimumShare = 0.5;

    /// <summary>Below this many cells the query is not over-clustered.</summary>
    public const int MinimumCells = 51;

    public static CellPredictions Apply(CellPredictions predictions, int seed)
    {
        var n = predictions.CellCount;
        if (n < MinimumCells)
        {
            return predictions with { MajorityVoting = predictions.CellTypes, OverClustering = new int[n] };
        }

        var d = predictions.Dimensions;
        var data = predictions.Embedding.Select(value => (double)value).ToArray();
        var clusters = KMeans.FitBestOf(data, d, Math.Max(2, (int)Math.Round(Math.Sqrt(n))), seed, restarts: 4).Labels;
        var voted = new string[n];
        foreach (var members in Enumerable.Range(0, n).GroupBy(cell => clusters[cell]))
        {
            var majority = members.GroupBy(cell => predictions.CellTypes[cell]).OrderByDescending(group => group.Count()).ThenBy(group => group.Key, StringComparer.Ordinal).First();
            var label = majority.Count() >= MinimumShare * members.Count() ? majority.Key : Heterogeneous;
            foreach (var cell in members)
            {
                voted[cell] = label;
            }
        }

        return predictions with { MajorityVoting = voted, OverClustering = clusters };
    }
}
