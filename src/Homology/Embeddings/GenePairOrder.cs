using PllmML.Data.Orthologs;

namespace PllmML.Homology.Embeddings;

/// <summary>Orders of gene pairs shared by the strategies.</summary>
public static class GenePairOrder
{
    /// <summary>
    /// Score descending, then gene A, then gene B (ordinal) — the original LM_O2O <c>global_greedy_match</c> sort
    /// (<c>sort_values([corr, gene1, gene2], ascending=[False, True, True], kind="mergesort")</c>).
    /// </summary>
    public static IComparer<GenePair> ByScoreThenNames { get; } = Comparer<GenePair>.Create((x, y) =>
    {
        var byScore = y.Score.CompareTo(x.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        var byA = string.CompareOrdinal(x.GeneA, y.GeneA);
        return byA != 0 ? byA : string.CompareOrdinal(x.GeneB, y.GeneB);
    });
}
