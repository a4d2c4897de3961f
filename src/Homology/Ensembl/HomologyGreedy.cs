using PllmML.Data.Orthologs;

namespace PllmML.Homology.Ensembl;

/// <summary>
/// hm-o2o, the original's <c>greedy_with_confidence</c>: the BioMart rows that name both genes, sorted by orthology
/// confidence (1 before 0; empty counts as 0) and then by <c>identical_scores</c> (the NaN-skipping mean of the two
/// %identity columns) descending with NaN last; a pair is accepted iff neither gene is used yet.
/// </summary>
/// <remarks>
/// Tie rule (documented, deterministic): candidates that tie exactly on (confidence, identity) keep BioMart file order,
/// unless <see cref="HomologyGreedyOptions.PreferredOnTies"/> puts some first. The original sorted with pandas' default
/// unstable quicksort, so its tie choices are arbitrary: file order reproduces its pair counts exactly and differs only
/// where exact ties decided (human–mouse 96 of 18,352 pairs).
/// </remarks>
public static class HomologyGreedy
{
    /// <summary>Runs the greedy.</summary>
    /// <param name="biomart">The BioMart export.</param>
    /// <param name="speciesA">Species A as the header should name it (<c>human</c>).</param>
    /// <param name="speciesB">Species B (<c>mice</c>).</param>
    /// <param name="options">The tie rule; file order when null.</param>
    public static HomologyGreedyResult Match(
        BiomartTable biomart, string speciesA, string speciesB, HomologyGreedyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(biomart);
        var rows = biomart.Homologs;
        var preferred = options?.PreferredOnTies;
        var order = Enumerable.Range(0, rows.Count).ToArray();
        Array.Sort(order, (x, y) => Compare(rows[x], x, rows[y], y, preferred));

        var usedA = new Dictionary<string, int>(StringComparer.Ordinal);
        var usedB = new Dictionary<string, int>(StringComparer.Ordinal);
        var accepted = new List<BiomartHomolog>();
        for (var position = 0; position < order.Length; position++)
        {
            var row = rows[order[position]];
            if (usedA.ContainsKey(row.QueryGene) || usedB.ContainsKey(row.TargetGene))
            {
                continue;
            }

            usedA[row.QueryGene] = position;
            usedB[row.TargetGene] = position;
            accepted.Add(row);
        }

        var tied = FindTiedChoices(rows, order, usedA, usedB);
        var pairs = accepted.Select(row => new GenePair(row.QueryGene, row.TargetGene, row.MeanIdentity)).ToArray();
        var table = new GenePairTable(
            $"{speciesA} gene name",
            $"{speciesB} gene name",
            pairs,
            ["identical_scores", "orthology confidence"],
            [pairs.Select(pair => pair.Score).ToArray(), accepted.Select(row => (double)ConfidenceOf(row)).ToArray()]);
        return new HomologyGreedyResult(table, rows.Count, tied);
    }

    internal static int ConfidenceOf(BiomartHomolog row) => row.Confidence ?? 0;

    private static int Compare(
        BiomartHomolog x, int xRow, BiomartHomolog y, int yRow, IReadOnlySet<(string, string)>? preferred)
    {
        var byConfidence = ConfidenceOf(y).CompareTo(ConfidenceOf(x));
        if (byConfidence != 0)
        {
            return byConfidence;
        }

        var byIdentity = CompareIdentityDescending(x.MeanIdentity, y.MeanIdentity);
        if (byIdentity != 0)
        {
            return byIdentity;
        }

        if (preferred is not null)
        {
            var byPreference = preferred.Contains((y.QueryGene, y.TargetGene))
                .CompareTo(preferred.Contains((x.QueryGene, x.TargetGene)));
            if (byPreference != 0)
            {
                return byPreference;
            }
        }

        return xRow.CompareTo(yRow);
    }

    private static int CompareIdentityDescending(double x, double y) => (double.IsNaN(x), double.IsNaN(y)) switch
    {
        (true, true) => 0,
        (true, false) => 1,
        (false, true) => -1,
        _ => y.CompareTo(x),
    };

    /// <summary>
    /// Accepted pairs for which another candidate with the same key shared one gene and had its other gene still free
    /// when the key's turn came (not used at an earlier sort position).
    /// </summary>
    private static List<GenePair> FindTiedChoices(
        IReadOnlyList<BiomartHomolog> rows, int[] order, Dictionary<string, int> usedA, Dictionary<string, int> usedB)
    {
        var groupStart = new int[order.Length];
        for (var position = 1; position < order.Length; position++)
        {
            var same = Compare(rows[order[position - 1]], 0, rows[order[position]], 0, null) == 0;
            groupStart[position] = same ? groupStart[position - 1] : position;
        }

        var byGeneA = new Dictionary<(string, int), List<int>>();
        var byGeneB = new Dictionary<(string, int), List<int>>();
        for (var position = 0; position < order.Length; position++)
        {
            var row = rows[order[position]];
            Add(byGeneA, (row.QueryGene, groupStart[position]), position);
            Add(byGeneB, (row.TargetGene, groupStart[position]), position);
        }

        bool FreeAt(Dictionary<string, int> used, string gene, int start) =>
            !used.TryGetValue(gene, out var at) || at >= start;

        var tied = new List<GenePair>();
        for (var position = 0; position < order.Length; position++)
        {
            var row = rows[order[position]];
            if (usedA.GetValueOrDefault(row.QueryGene, -1) != position)
            {
                continue;
            }

            var start = groupStart[position];
            var rivalOnA = byGeneA[(row.QueryGene, start)].Any(other => other != position
                && rows[order[other]].TargetGene != row.TargetGene && FreeAt(usedB, rows[order[other]].TargetGene, start));
            var rivalOnB = byGeneB[(row.TargetGene, start)].Any(other => other != position
                && rows[order[other]].QueryGene != row.QueryGene && FreeAt(usedA, rows[order[other]].QueryGene, start));
            if (rivalOnA || rivalOnB)
            {
                tied.Add(new GenePair(row.QueryGene, row.TargetGene, row.MeanIdentity));
            }
        }

        return tied;
    }

    private static void Add(Dictionary<(string, int), List<int>> index, (string, int) key, int position)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(position);
    }
}
