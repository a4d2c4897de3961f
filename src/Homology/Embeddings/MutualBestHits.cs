using PllmML.Data.Orthologs;

namespace PllmML.Homology.Embeddings;

/// <summary>
/// Mutual (double) best hits: A gene a and B gene b such that b is a's most similar B gene and a is b's most similar A
/// gene — the candidate set the original project's README describes for LM_O2O. Ties for the best hit go to the
/// lower row index, as in the top-k lists.
/// </summary>
public static class MutualBestHits
{
    /// <summary>Finds the mutual best hits, ordered by score desc, then gene A, then gene B (ordinal).</summary>
    /// <param name="neighbours">The search result.</param>
    public static IReadOnlyList<GenePair> Find(GeneNeighbours neighbours)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        var aToB = neighbours.TopK.AToB;
        var bToA = neighbours.TopK.BToA;
        var pairs = new List<GenePair>();
        for (var a = 0; a < aToB.QueryCount; a++)
        {
            var b = aToB.NeighboursOf(a)[0];
            if (b >= 0 && bToA.NeighboursOf(b)[0] == a)
            {
                pairs.Add(new GenePair(neighbours.GenesA[a], neighbours.GenesB[b], FloatScores.ToDouble(aToB.ScoresOf(a)[0])));
            }
        }

        pairs.Sort(GenePairOrder.ByScoreThenNames);
        return pairs;
    }
}
