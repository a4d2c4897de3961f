using PllmML.Data.Orthologs;
using PllmML.Homology.Embeddings;
using PllmML.Pipeline.Species;

namespace PllmML.Pipeline.Stages;

/// <summary>
/// Maps the proteomes' embeddings onto each other and writes the pairs: <c>pairs.csv</c> for two species; with three or
/// more, <c>pairs/&lt;a&gt;_&lt;b&gt;.csv</c> for each species against the reference (or every pair, and then the cycle
/// consistency of the one-to-one maps per gene in <c>cycles.csv</c>).
/// </summary>
internal sealed class MapStage(RunContext context) : IRunStage
{
    public string Name => "map";

    public IReadOnlyList<string> Outputs => [.. context.MapPairs.Select(pair => pair.Path), .. Cycles ? [context.Output.Cycles] : Array.Empty<string>()];

    /// <summary>Whether the map stage writes cycles: three or more species, every pair mapped.</summary>
    private bool Cycles => context.ProteinSpecies.Count >= 3 && context.Config.Mapping.Pairs == "all";

    public StageStamp Stamp()
    {
        var mapping = context.Config.Mapping;
        var stamp = new StageStamp("map").Add("mapping", new { mapping.Strategy, mapping.Metric, mapping.TopK, mapping.MinScore }).Add("species", context.ProteinSpecies);
        if (context.ProteinSpecies.Count > 2)
        {
            stamp.Add("pairs", context.MapPairs.Select(pair => $"{pair.SpeciesA}-{pair.SpeciesB}"));
        }

        foreach (var species in context.ProteinSpecies)
        {
            stamp.AddFile(context.Output.Embeddings(species));
        }

        return stamp;
    }

    public string Run()
    {
        var mapping = context.Config.Mapping;
        var figures = new List<string>();
        var links = new List<SpeciesLink>();
        foreach (var (speciesA, speciesB, path) in context.MapPairs)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var result = ProteinMap.Run(new ProteinMapSettings
            {
                From = context.Output.Embeddings(speciesA), To = context.Output.Embeddings(speciesB), SpeciesA = speciesA, SpeciesB = speciesB,
                Output = path, Strategy = mapping.Strategy, Metric = mapping.Metric, TopK = mapping.TopK, MinScore = mapping.MinScore,
            });
            links.Add(new SpeciesLink(speciesA, speciesB, result.Pairs, path));
            figures.Add(Figure(result.Pairs, result.Neighbours, speciesA, speciesB));
        }

        if (Cycles)
        {
            var order = context.MapPairs.Select(pair => pair.SpeciesA).Prepend(context.MapReference).Concat(context.MapPairs.Select(pair => pair.SpeciesB)).Distinct().ToList();
            var cycles = CycleConsistency.Compute(order, links)!;
            File.WriteAllText(context.Output.Cycles, cycles.ToCsv());
            figures.Add(cycles.Summary());
        }

        return string.Join("; ", figures);
    }

    private string Figure(GenePairTable table, GeneNeighbours neighbours, string speciesA, string speciesB)
    {
        var mapping = context.Config.Mapping;
        var figure = $"{table.Count} {speciesA}–{speciesB} pairs ({mapping.Strategy}, {mapping.Metric}, top-{mapping.TopK})";
        var families = context.ReadFamilies();
        if (families.Count > 0)
        {
            var judged = table.Pairs.Where(pair => families.ContainsKey(pair.GeneA) && families.ContainsKey(pair.GeneB)).ToList();
            var same = judged.Count(pair => families[pair.GeneA] == families[pair.GeneB]);
            figure += $"; {same} of {judged.Count} in the same {context.Config.Proteins!.FamilyAttribute} family ({(judged.Count == 0 ? 0 : (double)same / judged.Count):P1})"
                + BestHitFigure(neighbours, families, speciesA, speciesB);
        }

        return figure;
    }

    /// <summary>How often an A gene's best B hit (before any set-level strategy) is in the A gene's family.</summary>
    private static string BestHitFigure(GeneNeighbours neighbours, Dictionary<string, string> families, string speciesA, string speciesB)
    {
        var (judged, same) = (0, 0);
        for (var a = 0; a < neighbours.GenesA.Count; a++)
        {
            var best = neighbours.TopK.AToB.NeighboursOf(a)[0];
            if (best >= 0 && families.TryGetValue(neighbours.GenesA[a], out var familyA) && families.TryGetValue(neighbours.GenesB[best], out var familyB))
            {
                judged++;
                same += familyA == familyB ? 1 : 0;
            }
        }

        return $"; best {speciesB} hit in the {speciesA} protein's family for {same} of {judged} ({(judged == 0 ? 0 : (double)same / judged):P1})";
    }
}
