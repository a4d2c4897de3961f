using System.Globalization;
using System.Text;

namespace PllmML.Pipeline.Species;

/// <summary>
/// Whether the one-to-one maps between three or more species close into cycles: for every reference gene with a
/// one-to-one partner, its partner is followed through each species in turn and back to the reference
/// (human → mouse → pig → human). Each map is first made one-to-one on symbols (pairs whose gene repeats on either side
/// are dropped, as the fit's one-to-one strategy does).
/// </summary>
/// <param name="Species">The species of the cycle, the reference first.</param>
/// <param name="Genes">One entry per reference gene that has a partner in the second species.</param>
public sealed record CycleConsistency(IReadOnlyList<string> Species, IReadOnlyList<CycleGene> Genes)
{
    /// <summary>Genes whose cycle returns to themselves.</summary>
    public int Closed => Genes.Count(gene => gene.Status == CycleStatus.Closed);

    /// <summary>Genes whose cycle returns to another reference gene.</summary>
    public int Broken => Genes.Count(gene => gene.Status == CycleStatus.Broken);

    /// <summary>Genes whose chain stops in a species without a partner.</summary>
    public int Incomplete => Genes.Count(gene => gene.Status == CycleStatus.Incomplete);

    /// <summary>Closed / (closed + broken): of the complete cycles, the share that close; NaN with none.</summary>
    public double ClosedShare => Closed + Broken == 0 ? double.NaN : (double)Closed / (Closed + Broken);

    /// <summary>One line: the counts.</summary>
    public string Summary() =>
        $"cycle {string.Join(" → ", Species)} → {Species[0]}: {Closed} genes close, {Broken} return to another gene, {Incomplete} stop without a partner"
        + (double.IsNaN(ClosedShare) ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" ({ClosedShare:P1} of complete cycles close)"));

    /// <summary>The per-gene table as CSV: gene, the chain's genes, status.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', Species.Select(name => $"{name} gene")) + $",back to {Species[0]},status\n");
        foreach (var gene in Genes)
        {
            text.Append(string.Join(',', gene.Chain.Select(Quote)) + string.Concat(Enumerable.Repeat(",", Species.Count + 2 - gene.Chain.Count)))
                .Append(gene.Status.ToString().ToLowerInvariant()).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Follows every reference gene around the cycle; null when a step has no table or there are fewer than three species.</summary>
    /// <param name="order">The species, the reference first.</param>
    /// <param name="links">The tables' links between species.</param>
    public static CycleConsistency? Compute(IReadOnlyList<string> order, IReadOnlyList<SpeciesLink> links)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(links);
        if (order.Count < 3)
        {
            return null;
        }

        var steps = new List<Dictionary<string, string>>();
        for (var step = 0; step < order.Count; step++)
        {
            var (from, to) = (order[step], order[(step + 1) % order.Count]);
            if (!links.Any(link => (link.SpeciesA == from && link.SpeciesB == to) || (link.SpeciesA == to && link.SpeciesB == from)))
            {
                return null;
            }

            var pairs = SpeciesHomology.Step(from, to, links).ToSymbolOneToOne();
            steps.Add(pairs.Pairs.Where(pair => pair.GeneA.Length > 0 && pair.GeneB.Length > 0).ToDictionary(pair => pair.GeneA, pair => pair.GeneB, StringComparer.Ordinal));
        }

        var genes = new List<CycleGene>();
        foreach (var start in steps[0].Keys.Order(StringComparer.Ordinal))
        {
            var chain = new List<string> { start };
            var status = CycleStatus.Closed;
            for (var step = 0; step < steps.Count; step++)
            {
                if (!steps[step].TryGetValue(chain[^1], out var next))
                {
                    status = CycleStatus.Incomplete;
                    break;
                }

                chain.Add(next);
            }

            if (status == CycleStatus.Closed && chain[^1] != start)
            {
                status = CycleStatus.Broken;
            }

            genes.Add(new CycleGene(chain, status));
        }

        return new CycleConsistency([.. order], genes);
    }

    private static string Quote(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
