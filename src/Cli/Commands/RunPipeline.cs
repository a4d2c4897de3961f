using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Data;
using PllmML.Data.Embeddings;
using PllmML.Data.Orthologs;
using PllmML.Data.Proteins;
using PllmML.Esm;
using PllmML.Esm.Embedding;
using PllmML.Esm.Genes;
using PllmML.Esm.Models;
using PllmML.Evaluation;
using PllmML.Homology.Embeddings;
using PllmML.Kernels.Similarity;
using PllmML.Trainers.SingleCell;
using PllmML.Transforms.SingleCell;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// The stages of <c>pllm run</c>: embed → map → fit → predict → evaluate, each writing into one output folder and
/// reused when its fingerprint (inputs + parameters, <see cref="StageStamp"/>) is unchanged.
/// </summary>
internal sealed class RunPipeline(IAnsiConsole console, FitConfig config, string configPath, string output)
{
    public const string IntegratedKey = "X_pllm";
    public const string BaselineKey = "X_pca";
    public const string RandomWeightsNote =
        "The ESM-2 weights are RANDOM (the bundled test checkpoint data/esm2/tiny): the protein embeddings and the protein map "
        + "carry no learned biology and only show that the stages run (what agreement with the protein families they show comes "
        + "from identical or near-identical sequences giving near-identical outputs of any fixed network). For real weights set esm.model to a published name such as "
        + "esm2_t33_650M_UR50D (weights looked up in $PLLM_MODELS or ~/.cache/pllm/models) or to a checkpoint path "
        + "(Hugging Face folder, model.safetensors, fair-esm .pt), and remove esm.randomWeights.";

    private static readonly JsonSerializerOptions ResolvedConfigJson = new(FitConfig.Serializer) { WriteIndented = true };
    private readonly List<StageResult> _results = [];

    private string PathOf(params string[] parts) => Path.Combine([output, .. parts]);

    private string Embeddings(string species) => PathOf("embeddings", $"{species}.tsv");

    private string FamiliesPath => PathOf("embeddings", "families.tsv");

    private string PairsPath => PathOf("pairs.csv");

    private string ModelPath => PathOf("model.zip");

    private string IntegratedPath => PathOf("integrated.h5ad");

    private string MetricsPath => PathOf("metrics.json");

    private string ReportPath => PathOf("report.html");

    private List<string> ProteinSpecies => [.. (config.Proteins?.Fasta ?? []).Select(fasta => fasta.Species).Distinct(StringComparer.Ordinal)];

    public int Run()
    {
        Directory.CreateDirectory(output);
        Log($"pllm run {configPath} --out {output}");
        WriteResolvedConfig();
        if (config.Proteins is not null)
        {
            Stage("embed", EmbedStamp(), [.. ProteinSpecies.Select(Embeddings), FamiliesPath], spinner: false, Embed);
            Stage("map", MapStamp(), [PairsPath], spinner: true, Map);
        }

        Stage("fit", FitStamp(), [ModelPath], spinner: true, Fit);
        Stage("predict", new StageStamp("predict").AddFile(ModelPath).Add("cells", CellInputs()).Add("keep", config.KeepLabels), [IntegratedPath], spinner: true, Predict);
        Stage("evaluate", EvaluateStamp(), [MetricsPath, ReportPath], spinner: true, Evaluate);
        Summarise();
        return PllmCommandLine.Success;
    }

    private void Stage(string name, StageStamp stamp, string[] outputs, bool spinner, Func<string> run)
    {
        var stampPath = PathOf(".stamps", name + ".json");
        var fingerprint = stamp.Fingerprint();
        var watch = Stopwatch.StartNew();
        var figure = StageStamp.Reusable(stampPath, fingerprint, outputs);
        var reused = figure is not null;
        if (figure is null)
        {
            StageStamp.Clear(stampPath);
            Log($"{name}: running (fingerprint {fingerprint[..12]})");
            if (!console.Profile.Capabilities.Interactive)
            {
                console.MarkupLine($"… {Markup.Escape(name)}");
            }

            figure = spinner ? Progress.Run(console, $"Stage {name}", run) : run();
            StageStamp.Write(stampPath, fingerprint, figure);
        }

        _results.Add(new StageResult(name, watch.Elapsed, reused, figure));
        Log($"{name}: {(reused ? "reused" : "done")} in {watch.Elapsed.TotalSeconds:F1} s: {figure}");
        console.MarkupLine($"[green]✓[/] {Markup.Escape(name)}{(reused ? " [grey](reused)[/]" : string.Empty)}: {Markup.Escape(figure)}");
    }

    private StageStamp EmbedStamp()
    {
        var stamp = new StageStamp("embed").Add("proteins", config.Proteins).Add("layer", config.Esm.Layer).Add("maxTokens", config.Esm.MaxTokens);
        foreach (var fasta in config.Proteins!.Fasta)
        {
            stamp.AddFile(fasta.Path);
        }

        return stamp.AddFile(EsmModelCatalog.Resolve(config.Esm.Model));
    }

    private string Embed()
    {
        var proteins = ReadProteins();
        var checkpoint = EsmModelCatalog.Resolve(config.Esm.Model);
        Log($"embed: model {checkpoint}{(config.Esm.RandomWeights ? " (random weights)" : string.Empty)}");
        using var model = Progress.Run(console, $"Loading {checkpoint}", () => EsmModel.Load(checkpoint, new EsmModelOptions { ThreadCount = config.Esm.Threads }));
        using var store = EmbeddingStore.Open(PathOf("store"));
        Directory.CreateDirectory(PathOf("embeddings"));
        var options = new ProteinEmbeddingOptions { Layers = [config.Esm.Layer], MaxTokens = config.Esm.MaxTokens };
        var embedder = new ProteinEmbedder(model, store, options);
        var all = proteins.SelectMany(species => species.Value).ToList();
        var summary = EmbedWithProgress(embedder, all);
        var metadata = new Dictionary<string, string> { ["model"] = model.Name, ["model_identity"] = model.Identity, ["level"] = config.Proteins!.Level };
        var sizes = new List<string>();
        var families = new List<string> { "id\tspecies\tfamily" };
        foreach (var (species, records) in proteins)
        {
            var table = embedder.ProteinTable(records, config.Esm.Layer);
            if (config.Proteins.Level == "gene")
            {
                var pooling = config.Proteins.Pool == "max" ? GenePooling.Max : GenePooling.Mean;
                table = GenePooler.Pool(table, records, pooling, GeneKey.Symbol, null).Genes;
            }

            EmbeddingFiles.Write(table, Embeddings(species), metadata);
            sizes.Add($"{table.Count} {species}");
            families.AddRange(Families(records).Select(family => $"{family.Id}\t{species}\t{family.Family}"));
        }

        File.WriteAllLines(FamiliesPath, families);
        return $"{string.Join(" + ", sizes)} {(config.Proteins.Level == "gene" ? "genes" : "proteins")} × {model.Architecture.EmbeddingDimension}; "
            + $"{summary.Reused} sequences from the store, {summary.Computed} computed ({summary.ResiduesPerSecond:N0} residues/s)"
            + (config.Esm.RandomWeights ? "; RANDOM weights" : string.Empty);
    }

    private IEnumerable<(string Id, string Family)> Families(List<ProteinRecord> records)
    {
        if (config.Proteins!.FamilyAttribute is not { } attribute)
        {
            return [];
        }

        return records
            .Where(record => record.Attributes.ContainsKey(attribute))
            .Select(record => (Id: config.Proteins.Level == "gene" ? record.GeneSymbol ?? string.Empty : record.ProteinId, Family: record.Attributes[attribute]))
            .Where(pair => pair.Id.Length > 0)
            .Distinct();
    }

    private Dictionary<string, List<ProteinRecord>> ReadProteins()
    {
        var bySpecies = new Dictionary<string, List<ProteinRecord>>(StringComparer.Ordinal);
        foreach (var fasta in config.Proteins!.Fasta)
        {
            var records = bySpecies.TryGetValue(fasta.Species, out var list) ? list : bySpecies[fasta.Species] = [];
            var ids = records.Select(record => record.ProteinId).ToHashSet(StringComparer.Ordinal);
            using var reader = new ProteinFastaReader(fasta.Path);
            records.AddRange(reader.ReadRecords().Where(record =>
                (!record.Attributes.TryGetValue("species", out var species) || species == fasta.Species) && ids.Add(record.ProteinId)));
            Log($"embed: {fasta.Path}: {records.Count} {fasta.Species} proteins ({reader.Report.RecordsDropped} dropped by the cleaning policy)");
        }

        foreach (var (species, records) in bySpecies)
        {
            if (records.Count == 0)
            {
                throw new DataFormatException(configPath, "proteins.fasta", $"no {species} protein in the FASTA files (a record is kept when its species= attribute is absent or '{species}')");
            }
        }

        return bySpecies;
    }

    private EmbeddingRunSummary EmbedWithProgress(ProteinEmbedder embedder, List<ProteinRecord> proteins)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            return embedder.Embed(proteins);
        }

        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("Stage embed", maxValue: 1);
                return embedder.Embed(proteins, new Progress<EmbeddingProgress>(progress =>
                {
                    task.MaxValue = Math.Max(1, progress.ResiduesToCompute);
                    task.Value = progress.ResiduesComputed;
                    task.Description = Markup.Escape($"Stage embed: {progress.SequencesDone:N0}/{progress.SequencesTotal:N0} sequences");
                }));
            });
    }

    private StageStamp MapStamp()
    {
        var stamp = new StageStamp("map").Add("mapping", config.Mapping).Add("species", ProteinSpecies);
        foreach (var species in ProteinSpecies)
        {
            stamp.AddFile(Embeddings(species));
        }

        return stamp;
    }

    private string Map()
    {
        var (speciesA, speciesB) = (ProteinSpecies[0], ProteinSpecies[1]);
        var genesA = EmbeddingFiles.Read(Embeddings(speciesA));
        var genesB = EmbeddingFiles.Read(Embeddings(speciesB));
        var options = new GeneSimilarityOptions
        {
            Metric = config.Mapping.Metric == "cosine" ? SimilarityMetric.Cosine : SimilarityMetric.Pearson,
            TopK = config.Mapping.TopK,
            FallbackToCpu = true,
        };
        var neighbours = GeneSimilaritySearch.Search(genesA, Embeddings(speciesA), genesB, Embeddings(speciesB), options);
        var strategy = config.Mapping.Strategy switch
        {
            "mbh" => EmbeddingStrategy.MutualBestHits,
            "stable" => EmbeddingStrategy.Stable,
            "many" => EmbeddingStrategy.ManyToMany,
            _ => EmbeddingStrategy.Greedy,
        };
        var table = EmbeddingMapping.Map(neighbours, strategy, speciesA, speciesB, config.Mapping.MinScore);
        GenePairTableWriter.Write(table, PairsPath);
        var figure = $"{table.Count} {speciesA}–{speciesB} pairs ({config.Mapping.Strategy}, {config.Mapping.Metric}, top-{config.Mapping.TopK})";
        var families = ReadFamilies();
        if (families.Count > 0)
        {
            var judged = table.Pairs.Where(pair => families.ContainsKey(pair.GeneA) && families.ContainsKey(pair.GeneB)).ToList();
            var same = judged.Count(pair => families[pair.GeneA] == families[pair.GeneB]);
            figure += $"; {same} of {judged.Count} in the same {config.Proteins!.FamilyAttribute} family ({(judged.Count == 0 ? 0 : (double)same / judged.Count):P1})"
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

    private Dictionary<string, string> ReadFamilies() =>
        File.Exists(FamiliesPath)
            ? File.ReadLines(FamiliesPath).Skip(1).Select(line => line.Split('\t')).GroupBy(fields => fields[0], StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.First()[2], StringComparer.Ordinal)
            : [];

    private object CellInputs() => config.Inputs.Select(input => new { input.Path, input.Species, input.LabelKey, input.DonorKey, Content = Hash(input.Path) }).ToList();

    private static string Hash(string path) => new StageStamp("file").AddFile(path).Fingerprint();

    private string HomologyTablePath => config.Homology.Source == "map" ? PairsPath : config.Homology.Path;

    private StageStamp FitStamp() => new StageStamp("fit")
        .Add("cells", CellInputs()).AddFile(HomologyTablePath)
        .Add("homology", new { config.Homology.Strategy, config.Homology.ReferenceSpecies, config.Homology.Source })
        .Add("trainSpecies", config.TrainSpecies).Add("keepLabels", config.KeepLabels).Add("normalization", config.Normalization)
        .Add("variableGenes", config.VariableGenes).Add("scaling", config.Scaling).Add("pca", config.Pca).Add("harmony", config.Harmony)
        .Add("minimumGeneOverlap", config.MinimumGeneOverlap).Add("seed", config.Seed);

    private List<SpeciesData> ReadCells() => [.. config.Inputs.Select(input => FitCommand.Read(input, config.KeepLabels, Warn))];

    private void Warn(string warning)
    {
        Log("warning: " + warning);
        console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
    }

    private string Fit()
    {
        var inputs = ReadCells();
        var reference = config.Homology.ReferenceSpecies ?? inputs[0].Species;
        var table = OrthologTableReader.Read(HomologyTablePath);
        var pairs = FitCommand.PairsBySpecies(table.Pairs, reference, inputs, HomologyTablePath);
        var options = FitCommand.Options(config, reference);
        options.HomologySource = Path.GetFileName(HomologyTablePath);
        var model = SingleCellPipeline.Fit(new MLContext(config.Seed), inputs, pairs, options,
            timing => Log($"fit: {timing.Stage} {timing.Elapsed.TotalSeconds:F2} s: {timing.Summary}"));
        model.Save(ModelPath);
        var manifest = model.Manifest;
        return $"{string.Join(" + ", manifest.Species.Select(s => $"{s.Cells} {s.Name}"))} cells, {manifest.SharedFeatures} shared genes "
            + $"({manifest.HomologyStrategy}, {manifest.HomologySource}), {manifest.EmbeddingDimensions} dimensions, classifier on {string.Join(", ", manifest.TrainSpecies)}";
    }

    private string Predict()
    {
        var mlContext = new MLContext(config.Seed);
        var model = SingleCellModel.Load(mlContext, ModelPath);
        var parts = ReadCells().Select(input => PredictSpecies(mlContext, model, input)).ToList();
        var cells = IntegratedCells.Combine(parts, model.Manifest);
        DataFiles.WriteCells(cells, IntegratedPath);
        var heldOut = parts.Where(part => !model.Manifest.TrainSpecies.Contains(part.Species) && part.Labels.Any(label => label is not null)).ToList();
        var accuracy = heldOut.Select(part =>
        {
            var known = Enumerable.Range(0, part.Labels.Length).Where(cell => part.Labels[cell] is not null).ToList();
            return $"{part.Species} (held out) accuracy {(double)known.Count(cell => part.Labels[cell] == part.Predictions.Labels[cell]) / known.Count:P1}";
        });
        return $"{cells.CellCount} cells ({string.Join(", ", parts.Select(part => $"{part.Labels.Length} {part.Species}"))}); {string.Join("; ", accuracy)}";
    }

    private static IntegratedCells.SpeciesPart PredictSpecies(MLContext mlContext, SingleCellModel model, SpeciesData input)
    {
        var predictions = model.Predict(input.Species, input.Cells);
        var (rows, _, _) = model.ToRows(input.Species, input.Cells);
        var transformed = model.Chain.Transform(mlContext.Data.LoadFromEnumerable(rows));
        var pca = transformed.GetColumn<VBuffer<float>>(SingleCellColumns.Pca).Select(row => row.DenseValues().ToArray()).ToArray();
        var shared = transformed.GetColumn<VBuffer<float>>(SingleCellColumns.SharedCounts).Select(row => row.DenseValues().ToArray()).ToArray();
        string?[] labels = input.LabelKey is not null && input.Cells.Obs.TryGetColumn(input.LabelKey, out var column)
            ? [.. Enumerable.Range(0, input.Cells.CellCount).Select(cell => column.FormatValue(cell) is { Length: > 0 } label ? label : null)]
            : new string?[input.Cells.CellCount];
        return new IntegratedCells.SpeciesPart(input.Species, [.. input.Cells.CellNames], labels, predictions, pca, shared);
    }

    private StageStamp EvaluateStamp()
    {
        var stamp = new StageStamp("evaluate").AddFile(IntegratedPath).Add("evaluation", config.Evaluation).Add("seed", config.Seed)
            .Add("randomWeights", config.Esm.RandomWeights);
        if (config.Proteins is not null)
        {
            stamp.AddFile(PairsPath).AddFile(FamiliesPath);
        }

        return stamp;
    }

    private string Evaluate()
    {
        var cells = DataFiles.ReadCells(IntegratedPath).Data;
        var integrated = EvaluationInput.FromCells(cells, IntegratedKey, config.Evaluation.LabelKey, "species", IntegratedPath);
        var baseline = EvaluationInput.FromCells(cells, BaselineKey, config.Evaluation.LabelKey, "species", IntegratedPath);
        var request = new EvaluationRequest(integrated)
        {
            Baseline = baseline,
            GeneMap = ProteinMapQuality(),
            Description = Description(),
            DrawPictures = config.Evaluation.Pictures,
            Scib = new ScibOptions { Seed = config.Seed },
            Umap = new UmapOptions { Seed = config.Seed },
            Classifier = ClassifierPredictions.FromCells(
                cells, "pllm_cell_type", SingleCellModel.ReadManifest(ModelPath).TrainSpecies, IntegratedPath),
        };
        var result = Evaluator.Run(request, step => Log($"evaluate: {step}"));
        EvaluationJson.Write(result, MetricsPath);
        HtmlReport.Write(result, ReportPath);
        var transfers = result.Transfers.Select(t => $"label transfer {t.ReferenceBatch} → {t.QueryBatch} accuracy {t.Accuracy:F3}")
            .Concat(result.ClassifierTransfers.Select(t => $"classifier {t.ReferenceBatch} → {t.QueryBatch} accuracy {t.Accuracy:F3}"));
        return $"scib total {F(result.Integrated.Total)} (unintegrated PCA {F(result.Baseline?.Total)}); {string.Join("; ", transfers)}";
    }

    private Homology.Comparison.MappingComparison? ProteinMapQuality()
    {
        var families = ReadFamilies();
        if (config.Proteins is null || families.Count == 0)
        {
            return null;
        }

        var speciesOf = File.ReadLines(FamiliesPath).Skip(1).Select(line => line.Split('\t')).ToLookup(fields => fields[1], fields => fields[0]);
        var (speciesA, speciesB) = (ProteinSpecies[0], ProteinSpecies[1]);
        var reference = speciesOf[speciesA]
            .SelectMany(a => speciesOf[speciesB].Where(b => families[a] == families[b]).Select(b => new GenePair(a, b, double.NaN)))
            .ToList();
        var predicted = OrthologTableReader.Read(PairsPath).Pairs;
        return reference.Count == 0 ? null : Homology.Comparison.MappingComparison.Compare(predicted, new GenePairTable(speciesA, speciesB, reference));
    }

    private Dictionary<string, string> Description()
    {
        var description = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["config"] = configPath,
            ["cells"] = string.Join(", ", config.Inputs.Select(input => $"{input.Species}: {input.Path}")),
            ["integrated embedding"] = $"obsm {IntegratedKey} (Harmony on the shared-gene PCA); baseline: obsm {BaselineKey} (the same PCA before Harmony)",
            ["genes shared by"] = config.Homology.Source == "map" ? $"the protein-embedding map {PairsPath}" : config.Homology.Path,
        };
        if (config.Proteins is not null)
        {
            description["ESM-2 model"] = config.Esm.Model;
            description["protein map"] = $"{PairsPath} ({config.Mapping.Strategy}, {config.Mapping.Metric}); gene-map section: judged against the "
                + $"'{config.Proteins.FamilyAttribute}' families of the FASTA headers (a pair agrees when both proteins are in the same family)";
            if (config.Esm.RandomWeights)
            {
                description["ESM-2 weights"] = RandomWeightsNote;
            }
        }

        return description;
    }

    private void WriteResolvedConfig()
    {
        File.WriteAllText(PathOf("config.json"), JsonSerializer.Serialize(config, ResolvedConfigJson));
    }

    private void Summarise()
    {
        var table = new Table().AddColumn("stage").AddColumn(new TableColumn("seconds").RightAligned()).AddColumn("reused").AddColumn("key figure");
        foreach (var result in _results)
        {
            table.AddRow(Markup.Escape(result.Stage), result.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture), result.Reused ? "yes" : "no", Markup.Escape(result.Figure));
        }

        console.Write(table);
        if (config.Proteins is not null && config.Esm.RandomWeights)
        {
            console.MarkupLine($"[yellow]{Markup.Escape(RandomWeightsNote)}[/]");
        }

        console.MarkupLine($"Wrote {Markup.Escape(output)}: report.html, metrics.json, integrated.h5ad, model.zip{(config.Proteins is null ? string.Empty : ", pairs.csv, embeddings/")}, config.json, run.log.");
        Log($"finished: {string.Join(", ", _results.Select(r => $"{r.Stage} {(r.Reused ? "reused" : "ran")}"))}");
    }

    private void Log(string line) => File.AppendAllText(PathOf("run.log"), $"{DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss} {line}{Environment.NewLine}");

    private static string F(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "—";

    private sealed record StageResult(string Stage, TimeSpan Elapsed, bool Reused, string Figure);
}
