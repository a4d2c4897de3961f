using PllmML.Homology.Embeddings;

namespace PllmML.Pipeline.Stages;

/// <summary>Maps the two proteomes' embeddings onto each other and writes <c>pairs.csv</c>.</summary>
internal sealed class MapStage(RunContext context) : IRunStage
{
    public string Name => "map";

    public IReadOnlyList<string> Outputs => [context.Output.Pairs];

    public StageStamp Stamp()
    {
        var stamp = new StageStamp("map").Add("mapping", context.Config.Mapping).Add("species", context.ProteinSpecies);
        foreach (var species in context.ProteinSpecies)
        {
            stamp.AddFile(context.Output.Embeddings(species));
        }

        return stamp;
    }

    public string Run()
    {
        var mapping = context.Config.Mapping;
        var (speciesA, speciesB) = (context.ProteinSpecies[0], context.ProteinSpecies[1]);
        var result = ProteinMap.Run(new ProteinMapSettings
        {
            From = context.Output.Embeddings(speciesA), To = context.Output.Embeddings(speciesB), SpeciesA = speciesA, SpeciesB = speciesB,
            Output = context.Output.Pairs, Strategy = mapping.Strategy, Metric = mapping.Metric, TopK = mapping.TopK, MinScore = mapping.MinScore,
        });
        var (table, neighbours) = (result.Pairs, result.Neighbours);
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
