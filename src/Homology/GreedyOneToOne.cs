namespace PllmML.Homology;

/// <summary>
/// Global greedy one-to-one matching, the final step of the original project's LM_O2O, HM_O2O and HL_O2O: walk the
/// candidate pairs in the given order and accept a pair iff neither of its genes has been used.
/// </summary>
public static class GreedyOneToOne
{
    /// <summary>Accepts candidates in <paramref name="order"/>, keeping each gene of either side at most once.</summary>
    /// <typeparam name="T">The candidate type.</typeparam>
    /// <param name="candidates">Candidate pairs, in any order.</param>
    /// <param name="geneA">The species-A gene of a candidate.</param>
    /// <param name="geneB">The species-B gene of a candidate.</param>
    /// <param name="order">Best candidate first; must be a total order for a deterministic result.</param>
    /// <returns>The accepted pairs, in acceptance order.</returns>
    public static List<T> Match<T>(
        IEnumerable<T> candidates, Func<T, string> geneA, Func<T, string> geneB, IComparer<T> order)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(geneA);
        ArgumentNullException.ThrowIfNull(geneB);
        ArgumentNullException.ThrowIfNull(order);
        var sorted = candidates.ToArray();
        // A stable sort, so that an order that is not total still gives the input order for ties.
        var positions = Enumerable.Range(0, sorted.Length).ToArray();
        Array.Sort(positions, (x, y) =>
        {
            var byOrder = order.Compare(sorted[x], sorted[y]);
            return byOrder != 0 ? byOrder : x.CompareTo(y);
        });

        var usedA = new HashSet<string>(StringComparer.Ordinal);
        var usedB = new HashSet<string>(StringComparer.Ordinal);
        var accepted = new List<T>();
        foreach (var position in positions)
        {
            var candidate = sorted[position];
            if (usedA.Contains(geneA(candidate)) || usedB.Contains(geneB(candidate)))
            {
                continue;
            }

            usedA.Add(geneA(candidate));
            usedB.Add(geneB(candidate));
            accepted.Add(candidate);
        }

        return accepted;
    }
}
