using PllmML.Data;
using PllmML.Data.Embeddings;
using PllmML.Data.Proteins;
using PllmML.Esm.Embedding;
using PllmML.Esm.Genes;
using PllmML.Esm.Models;

namespace PllmML.Pipeline.Stages;

/// <summary>Embeds every protein of the configured proteomes with ESM-2 (through the run's store) and writes one table per species.</summary>
internal sealed class EmbedStage(RunContext context) : IRunStage
{
    public string Name => "embed";

    public IReadOnlyList<string> Outputs => [.. context.ProteinSpecies.Select(context.Output.Embeddings), context.Output.Families];

    public StageStamp Stamp()
    {
        var config = context.Config;
        var stamp = new StageStamp("embed").Add("proteins", config.Proteins).Add("layer", config.Esm.Layer).Add("maxTokens", config.Esm.MaxTokens);
        foreach (var fasta in config.Proteins!.Fasta)
        {
            stamp.AddFile(fasta.Path);
        }

        return stamp.AddFile(EsmModelCatalog.Resolve(config.Esm.Model));
    }

    public string Run()
    {
        var (esm, proteinsConfig) = (context.Config.Esm, context.Config.Proteins!);
        var proteins = ReadProteins();
        context.Log($"embed: model {EsmModelCatalog.Resolve(esm.Model)}{(esm.RandomWeights ? " (random weights)" : string.Empty)}");
        using var session = ProteomeEmbedding.Open(new ProteomeEmbeddingSettings
        {
            Model = esm.Model, Threads = esm.Threads, Layer = esm.Layer, MaxTokens = esm.MaxTokens, Store = context.Output.Store,
        });
        Directory.CreateDirectory(Path.GetDirectoryName(context.Output.Families)!);
        var all = proteins.SelectMany(species => species.Value).ToList();
        var summary = session.Embed(all, context.Observer is { } observer ? new SynchronousProgress(observer) : null);
        GenePooling? pooling = proteinsConfig.Level == "gene" ? (proteinsConfig.Pool == "max" ? GenePooling.Max : GenePooling.Mean) : null;
        var sizes = new List<string>();
        var families = new List<string> { "id\tspecies\tfamily" };
        foreach (var (species, records) in proteins)
        {
            var table = session.Table(records, pooling).Table;
            EmbeddingFiles.Write(table, context.Output.Embeddings(species), session.Metadata(pooling));
            sizes.Add($"{table.Count} {species}");
            families.AddRange(Families(records).Select(family => $"{family.Id}\t{species}\t{family.Family}"));
        }

        File.WriteAllLines(context.Output.Families, families);
        return $"{string.Join(" + ", sizes)} {(proteinsConfig.Level == "gene" ? "genes" : "proteins")} × {session.Model.EmbeddingDimension}; "
            + $"{summary.Reused} sequences from the store, {summary.Computed} computed ({summary.ResiduesPerSecond:N0} residues/s)"
            + (esm.RandomWeights ? "; RANDOM weights" : string.Empty);
    }

    private IEnumerable<(string Id, string Family)> Families(List<ProteinRecord> records)
    {
        var proteins = context.Config.Proteins!;
        if (proteins.FamilyAttribute is not { } attribute)
        {
            return [];
        }

        return records
            .Where(record => record.Attributes.ContainsKey(attribute))
            .Select(record => (Id: proteins.Level == "gene" ? record.GeneSymbol ?? string.Empty : record.ProteinId, Family: record.Attributes[attribute]))
            .Where(pair => pair.Id.Length > 0)
            .Distinct();
    }

    /// <summary>Each species' proteins: a record is kept when its species= attribute is absent or names the file's species.</summary>
    private Dictionary<string, List<ProteinRecord>> ReadProteins()
    {
        var bySpecies = new Dictionary<string, List<ProteinRecord>>(StringComparer.Ordinal);
        var fastas = context.Config.Proteins!.Fasta;
        foreach (var fasta in fastas)
        {
            var records = bySpecies.TryGetValue(fasta.Species, out var list) ? list : bySpecies[fasta.Species] = [];
            var ids = records.Select(record => record.ProteinId).ToHashSet(StringComparer.Ordinal);
            using var reader = new ProteinFastaReader(fasta.Path);
            records.AddRange(reader.ReadRecords().Where(record =>
                (!record.Attributes.TryGetValue("species", out var species) || species == fasta.Species) && ids.Add(record.ProteinId)));
            context.Log($"embed: {fasta.Path}: {records.Count} {fasta.Species} proteins ({reader.Report.RecordsDropped} dropped by the cleaning policy)");
        }

        foreach (var (species, records) in bySpecies)
        {
            if (records.Count == 0)
            {
                var index = fastas.FindIndex(fasta => fasta.Species == species);
                throw new DataFormatException(context.ConfigPath, $"proteins.fasta[{index}].species",
                    $"no {species} protein in the FASTA files (a record is kept when its species= attribute is absent or '{species}')");
            }
        }

        return bySpecies;
    }

    // Progress<T> would post each report to the thread pool (a console app has no synchronisation context), so reports
    // could arrive out of order or after the stage ended; the observer is called on the embedding thread instead.
    private sealed class SynchronousProgress(IRunObserver observer) : IProgress<EmbeddingProgress>
    {
        public void Report(EmbeddingProgress value) => observer.Embedding(value);
    }
}
