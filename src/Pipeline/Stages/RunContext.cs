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

    /// <summary>The pair table the fit shares genes by: the map's pairs or the configured ortholog table.</summary>
    public string HomologyTablePath => Config.Homology.Source == "map" ? Output.Pairs : Config.Homology.Path;

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
        var (speciesA, speciesB) = (ProteinSpecies[0], ProteinSpecies[1]);
        var reference = speciesOf[speciesA]
            .SelectMany(a => speciesOf[speciesB].Where(b => families[a] == families[b]).Select(b => new GenePair(a, b, double.NaN)))
            .ToList();
        var predicted = OrthologTableReader.Read(Output.Pairs).Pairs;
        return reference.Count == 0 ? null : MappingComparison.Compare(predicted, new GenePairTable(speciesA, speciesB, reference));
    }

    /// <summary>The cell inputs for a stamp: their settings and content.</summary>
    public object CellInputs() => Config.Inputs.Select(input => new { input.Path, input.Species, input.LabelKey, input.DonorKey, Content = Hash(input.Path) }).ToList();

    private static string Hash(string path) => new StageStamp("file").AddFile(path).Fingerprint();
}
