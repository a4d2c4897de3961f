namespace PllmML.Data.Orthologs;

/// <summary>
/// How close a list of gene pairs is to one-to-one. Pairs are compared as exact, case-sensitive (symbol, symbol)
/// strings; scores are ignored.
/// </summary>
/// <param name="Rows">The number of pairs (rows), duplicates included.</param>
/// <param name="UniquePairs">The number of distinct pairs.</param>
/// <param name="ExactDuplicateRows">Rows that repeat an earlier row's pair (<c>Rows - UniquePairs</c>).</param>
/// <param name="GenesA">Distinct species-A genes.</param>
/// <param name="GenesB">Distinct species-B genes.</param>
/// <param name="GenesAInSeveralPairs">Species-A genes that occur in more than one distinct pair.</param>
/// <param name="GenesBInSeveralPairs">Species-B genes that occur in more than one distinct pair.</param>
/// <param name="RowsWithRepeatedGene">Rows (duplicates included) whose A or B gene occurs in more than one row.</param>
/// <param name="SymbolOneToOnePairs">Pairs left by <see cref="GenePairTable.ToSymbolOneToOne"/>.</param>
public sealed record PairTableReport(
    int Rows,
    int UniquePairs,
    int ExactDuplicateRows,
    int GenesA,
    int GenesB,
    int GenesAInSeveralPairs,
    int GenesBInSeveralPairs,
    int RowsWithRepeatedGene,
    int SymbolOneToOnePairs)
{
    /// <summary>Whether every gene of either species occurs in exactly one row.</summary>
    public bool IsOneToOne => RowsWithRepeatedGene == 0;

    /// <summary>Computes the report.</summary>
    /// <param name="pairs">The pairs, in any order.</param>
    public static PairTableReport Compute(IReadOnlyList<GenePair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var unique = pairs.Select(pair => (pair.GeneA, pair.GeneB)).Distinct().ToArray();
        var pairsPerA = unique.CountBy(pair => pair.GeneA).Count(entry => entry.Value > 1);
        var pairsPerB = unique.CountBy(pair => pair.GeneB).Count(entry => entry.Value > 1);
        var rowsPerA = pairs.CountBy(pair => pair.GeneA).ToDictionary();
        var rowsPerB = pairs.CountBy(pair => pair.GeneB).ToDictionary();
        return new PairTableReport(
            pairs.Count,
            unique.Length,
            pairs.Count - unique.Length,
            rowsPerA.Count,
            rowsPerB.Count,
            pairsPerA,
            pairsPerB,
            pairs.Count(pair => rowsPerA[pair.GeneA] > 1 || rowsPerB[pair.GeneB] > 1),
            GenePairTable.SymbolOneToOneRows(pairs).Count);
    }
}
