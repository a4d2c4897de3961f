using PllmML.Data.Orthologs;

namespace PllmML.Homology.Ensembl;

/// <summary>
/// hl-o2o, the original's <c>greedy_union</c>: candidates are the union of the HM_O2O pairs and the language-model
/// pairs (HM first, then LM, duplicates dropped). Each candidate gets <c>identical_scores</c> and
/// <c>orthology confidence</c> from BioMart — as pandas' left merge, one candidate per BioMart row of that symbol
/// pair, so the greedy picks the best of duplicate rows; missing identity → median of all BioMart rows'
/// identical_scores, missing confidence → 0 — and a correlation (missing → median, see
/// <see cref="HybridGreedyOptions.MissingCorrelation"/>). Correlation and identity are min–max normalised over the
/// candidates (a constant column → 0); <c>combo_score</c> = their sum. Sorted by confidence desc, then combo desc
/// (stable in union order), a greedy keeps each gene once.
/// </summary>
public static class HybridGreedy
{
    /// <summary>Runs the hybrid.</summary>
    /// <param name="biomart">The BioMart export.</param>
    /// <param name="homologyPairs">The hm-o2o pairs.</param>
    /// <param name="languageModelPairs">The language-model candidate pairs.</param>
    /// <param name="correlation">The correlation of any pair, or null when a gene has no embedding.</param>
    /// <param name="speciesA">Species A as the header should name it.</param>
    /// <param name="speciesB">Species B.</param>
    /// <param name="options">Fill values; defaults when null.</param>
    /// <returns>
    /// The accepted pairs with <c>correlation</c>, <c>identical_scores</c>, <c>orthology confidence</c> and
    /// <c>combo_score</c> — the columns of the original's <c>*_union_greedy.csv</c>.
    /// </returns>
    public static GenePairTable Match(
        BiomartTable biomart,
        IEnumerable<GenePair> homologyPairs,
        IEnumerable<GenePair> languageModelPairs,
        Func<string, string, double?> correlation,
        string speciesA,
        string speciesB,
        HybridGreedyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(biomart);
        ArgumentNullException.ThrowIfNull(homologyPairs);
        ArgumentNullException.ThrowIfNull(languageModelPairs);
        ArgumentNullException.ThrowIfNull(correlation);
        var pairs = homologyPairs.Concat(languageModelPairs)
            .Select(pair => (pair.GeneA, pair.GeneB))
            .Distinct()
            .ToArray();
        var rowsOfPair = biomart.Homologs
            .GroupBy(row => (row.QueryGene, row.TargetGene))
            .ToDictionary(group => group.Key, group => group.ToArray());
        // pandas' left merge: one candidate per matching BioMart row, or one with fill values.
        var candidates = pairs
            .SelectMany(pair => rowsOfPair.TryGetValue(pair, out var rows)
                ? rows.Select(row => (pair.GeneA, pair.GeneB, Row: (BiomartHomolog?)row))
                : [(pair.GeneA, pair.GeneB, Row: null)])
            .ToArray();
        var identityMedian = Median(biomart.Rows.Select(row => row.MeanIdentity));
        var identities = candidates
            .Select(c => c.Row is { } row && !double.IsNaN(row.MeanIdentity) ? row.MeanIdentity : identityMedian)
            .ToArray();
        var confidences = candidates.Select(c => c.Row is { } row ? HomologyGreedy.ConfidenceOf(row) : 0).ToArray();
        var known = candidates.Select(pair => correlation(pair.GeneA, pair.GeneB)).ToArray();
        var correlationFill = options?.MissingCorrelation
            ?? Median(known.Where(value => value.HasValue).Select(value => value!.Value));
        var correlations = known.Select(value => value ?? correlationFill).ToArray();
        var normalisedCorrelation = MinMax(correlations);
        var normalisedIdentity = MinMax(identities);
        var combo = normalisedCorrelation.Zip(normalisedIdentity, (c, i) => c + i).ToArray();

        var order = Enumerable.Range(0, candidates.Length).ToArray();
        Array.Sort(order, (x, y) =>
        {
            var byConfidence = confidences[y].CompareTo(confidences[x]);
            if (byConfidence != 0)
            {
                return byConfidence;
            }

            var byCombo = combo[y].CompareTo(combo[x]);
            return byCombo != 0 ? byCombo : x.CompareTo(y);
        });
        var accepted = GreedyOneToOne.Match(order, i => candidates[i].GeneA, i => candidates[i].GeneB, Comparer<int>.Create((x, y) => 0));
        return new GenePairTable(
            $"{speciesA} gene name",
            $"{speciesB} gene name",
            accepted.Select(i => new GenePair(candidates[i].GeneA, candidates[i].GeneB, correlations[i])).ToArray(),
            ["correlation", "identical_scores", "orthology confidence", "combo_score"],
            [
                accepted.Select(i => correlations[i]).ToArray(),
                accepted.Select(i => identities[i]).ToArray(),
                accepted.Select(i => (double)confidences[i]).ToArray(),
                accepted.Select(i => combo[i]).ToArray(),
            ]);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(value => !double.IsNaN(value)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double[] MinMax(double[] values)
    {
        if (values.Length == 0)
        {
            return values;
        }

        var min = values.Min();
        var range = values.Max() - min;
        return values.Select(value => range > 0 ? (value - min) / range : 0.0).ToArray();
    }
}
