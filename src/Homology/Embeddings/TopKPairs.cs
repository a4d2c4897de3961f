using PllmML.Data.Orthologs;

namespace PllmML.Homology.Embeddings;

/// <summary>The pairs of the top-k lists of both sides, each once, with their ranks.</summary>
internal static class TopKPairs
{
    /// <summary>One candidate: the pair and its 1-based rank in A's list and in B's list (0 when absent).</summary>
    public readonly record struct Ranked(GenePair Pair, int RankInA, int RankInB);

    public static List<Ranked> Collect(GeneNeighbours neighbours, float minScore)
    {
        var aToB = neighbours.TopK.AToB;
        var bToA = neighbours.TopK.BToA;
        var ranks = new Dictionary<(int A, int B), (float Score, int RankInA, int RankInB)>();
        for (var a = 0; a < aToB.QueryCount; a++)
        {
            for (var rank = 0; rank < aToB.K; rank++)
            {
                var b = aToB.NeighboursOf(a)[rank];
                if (b >= 0 && aToB.ScoresOf(a)[rank] >= minScore)
                {
                    ranks[(a, b)] = (aToB.ScoresOf(a)[rank], rank + 1, 0);
                }
            }
        }

        for (var b = 0; b < bToA.QueryCount; b++)
        {
            for (var rank = 0; rank < bToA.K; rank++)
            {
                var a = bToA.NeighboursOf(b)[rank];
                if (a >= 0 && bToA.ScoresOf(b)[rank] >= minScore)
                {
                    var known = ranks.TryGetValue((a, b), out var entry);
                    ranks[(a, b)] = known ? entry with { RankInB = rank + 1 } : (bToA.ScoresOf(b)[rank], 0, rank + 1);
                }
            }
        }

        var result = ranks
            .Select(entry => new Ranked(
                new GenePair(neighbours.GenesA[entry.Key.A], neighbours.GenesB[entry.Key.B], FloatScores.ToDouble(entry.Value.Score)),
                entry.Value.RankInA,
                entry.Value.RankInB))
            .ToList();
        result.Sort((x, y) => GenePairOrder.ByScoreThenNames.Compare(x.Pair, y.Pair));
        return result;
    }
}
