using PllmML.Data.Orthologs;
using PllmML.Evaluation;
using PllmML.Homology.Comparison;
using PllmML.Pipeline.Configuration;

namespace PllmML.Pipeline.Stages;

/// <summary>What every stage of a run shares: the configuration, the output folder, the log and the observer.</summary>
internal sealed class RunContext(RunConfiguration config, string configPath, RunOutputLayout output, IRunObserver? observer)
{
    public RunConfiguration Config { get; } = config;

    public string ConfigPath { get; } = configPath;

    public RunOutputLayout Output { get; } = output;

    public IRunObserver? Observer { get; } = observer;

    /// <summary>The species of the proteomes, in config order (two after validation).</summary>
    public List<string> ProteinSpecies => [.. (Config.Proteins?.Fasta ?? []).Select(fasta => fasta.Species).Distinct(StringComparer.Ordinal)];

    /// <summary>The pair table the fit shares genes by: the map's pairs or the configured ortholog table (the first of several).</summary>
    public string HomologyTablePath => HomologyTables[0].Path;

    /// <summary>Every table the fit shares genes by: the map's pair files or the configured ortholog tables.</summary>
    public IReadOnlyList<HomologyTableConfiguration> HomologyTables => Config.Homology.Source == "map"
        ? [.. MapPairs.Select(pair => new HomologyTableConfiguration { Path = pair.Path })]
        : Config.Homology.AllTables();

    /// <summary>The reference species of the maps: the homology reference, else the first input.</summary>
    public string MapReference => Config.Homology.ReferenceSpecies is { } reference && ProteinSpecies.Contains(reference)
        ? reference
        : ProteinSpecies.Contains(Config.Inputs[0].Species) ? Config.Inputs[0].Species : ProteinSpecies[0];

    /// <summary>
    /// The species pairs the map stage maps and their files: the two species into <c>pairs.csv</c>; with three or more,
    /// each species against the reference (or every pair, <c>mapping.pairs: all</c>) into <c>pairs/&lt;a&gt;_&lt;b&gt;.csv</c>.
    /// </summary>
    public IReadOnlyList<(string SpeciesA, string SpeciesB, string Path)> MapPairs
    {
        get
        {
            var species = ProteinSpecies;
            if (species.Count == 2)
            {
                return [(species[0], species[1], Output.Pairs)];
            }

            var reference = MapReference;
            var ordered = species.Where(name => name != reference).Prepend(reference).ToList();
            var pairs = new List<(string, string, string)>();
            for (var a = 0; a < ordered.Count; a++)
            {
                for (var b = a + 1; b < ordered.Count; b++)
                {
                    if (a == 0 || Config.Mapping.Pairs == "all")
                    {
                        pairs.Add((ordered[a], ordered[b], Output.PairsOf(ordered[a], ordered[b])));
                    }
                }
            }

            return pairs;
        }
    }

    public void Log(string line) => File.AppendAllText(Output.Log, $"{DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss} {line}{Environment.NewLine}");

    public void Warn(string warning)
    {
        Log("warning: " + warning);
        Observer?.Warning(warning);
    }

    /// <summary>Protein (or gene) id → family, from <c>embeddings/families.tsv</c>; empty without one.</summary>
    public Dictionary<string, string> ReadFamilies() =>
        File.Exists(Output.Families)
            ? File.ReadLines(Output.Families).Skip(1).Select(line => line.Split('\t')).GroupBy(fields => fields[0], StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.First()[2], StringComparer.Ordinal)
            : [];

    /// <summary>The map's pairs judged against the families of the FASTA headers; null without families.</summary>
    public MappingComparison? ProteinMapQuality()
    {
        var families = ReadFamilies();
        if (Config.Proteins is null || families.Count == 0)
        {
            return null;
        }

        var speciesOf = File.ReadLines(Output.Families).Skip(1).Select(line => line.Split('\t')).ToLookup(fields => fields[1], fields => fields[0]);
        var (speciesA, speciesB, pairsPath) = MapPairs[0];
        var reference = speciesOf[speciesA]
            .SelectMany(a => speciesOf[speciesB].Where(b => families[a] == families[b]).Select(b => new GenePair(a, b, double.NaN)))
            .ToList();
        var predicted = OrthologTableReader.Read(pairsPath).Pairs;
        return reference.Count == 0 ? null : MappingComparison.Compare(predicted, new GenePairTable(speciesA, speciesB, reference));
    }

    /// <summary>The cell inputs for a stamp: their settings and content.</summary>
    public object CellInputs() => Config.Inputs.Select(input => new { input.Path, input.Species, input.LabelKey, input.DonorKey, Content = Hash(input.Path) }).ToList();

    private static string Hash(string path) => new StageStamp("file").AddFile(path).Fingerprint();
}
