using System.Diagnostics;
using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Evaluation;
using PllmML.Homology.Comparison;
using PllmML.Homology.Ensembl;
using PllmML.Pipeline.Configuration;
using PllmML.Trainers.SingleCell;

namespace PllmML.Pipeline.Comparison;

/// <summary>
/// <c>pllm compare-maps</c>: fits the same cells once per gene map of the config's <c>compare</c> section and writes one
/// side-by-side report (<c>comparison.html</c>, <c>comparison.json</c>) — pairs, agreement with a reference table, shared
/// and variable genes, scib metrics, kNN and classifier transfer in every direction, fit time — plus each map's own
/// folder (<c>maps/&lt;name&gt;/</c>: model.zip, integrated.h5ad, metrics.json, report.html).
/// </summary>
/// <remarks>
/// The cells are read and prepared once (counts chosen, cell types kept) and the reference table is read once; all that
/// depends on the map (shared genes, log-normalisation of the shared genes, variable genes, PCA, Harmony, classifier) is
/// fitted per map by the same calls as <c>pllm run</c>'s fit, predict and evaluate stages, so each map's numbers equal
/// those of a <c>pllm run</c> with that map as <c>homology.path</c> and the same parameters.
/// </remarks>
public static class GeneMapComparison
{
    /// <summary>The side-by-side report's file name.</summary>
    public const string HtmlName = "comparison.html";

    /// <summary>The JSON's file name.</summary>
    public const string JsonName = "comparison.json";

    /// <summary>Fits and evaluates every map and writes the report.</summary>
    /// <param name="config">A configuration with a <c>compare</c> section.</param>
    /// <param name="configPath">The config file, for messages and the report.</param>
    /// <param name="outputFolder">The output folder (created when absent).</param>
    /// <param name="progress">Receives a line as each step starts.</param>
    /// <param name="warn">Receives warnings about the inputs.</param>
    /// <exception cref="RunConfigurationException">The configuration has no compare section or is not valid.</exception>
    /// <exception cref="DataFormatException">An input or a map does not hold what the configuration says.</exception>
    public static GeneMapComparisonResult Run(RunConfiguration config, string configPath, string outputFolder, Action<string>? progress = null, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate(configPath);
        var compare = config.Compare ?? throw new RunConfigurationException(configPath, "compare", "missing: list the gene maps to compare (compare.maps)");
        var folder = Path.GetFullPath(outputFolder);
        Directory.CreateDirectory(folder);
        var shared = Stopwatch.StartNew();
        progress?.Invoke("reading the cells (once for every map)");
        var inputs = config.Inputs.Select(input => CellInputs.Read(input, config.KeepLabels, warn)).ToList();
        var reference = config.Homology.ReferenceSpecies ?? inputs[0].Species;
        IReadOnlyDictionary<string, GenePairTable>? referencePairs = null;
        if (compare.Reference is { } referencePath)
        {
            progress?.Invoke($"reading the reference table {referencePath}");
            referencePairs = IntegrationFit.PairsBySpecies(reference, inputs, [(referencePath, null, OrthologTableReader.Read(referencePath))]);
        }

        var sharedSeconds = shared.Elapsed.TotalSeconds;
        var outcomes = new List<GeneMapOutcome>();
        var searches = new Dictionary<(string From, string To, string Metric, int TopK), ProteinMapResult>();
        foreach (var map in compare.Maps)
        {
            outcomes.Add(RunMap(config, configPath, compare, map, inputs, reference, referencePairs, Path.Combine(folder, "maps", map.Name), searches, progress));
        }

        var result = new GeneMapComparisonResult(
            configPath, reference, [.. inputs.Select(input => input.Species)], inputs.ToDictionary(input => input.Species, input => input.Cells.CellCount),
            compare.Reference, outcomes, sharedSeconds, Path.Combine(folder, HtmlName), Path.Combine(folder, JsonName));
        File.WriteAllText(result.Json, GeneMapComparisonReport.Json(result).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(result.Html, GeneMapComparisonReport.Html(result, config.Evaluation.Pictures));
        return result;
    }

    private static GeneMapOutcome RunMap(
        RunConfiguration config, string configPath, CompareConfiguration compare, GeneMapConfiguration map, List<SpeciesData> inputs, string reference,
        IReadOnlyDictionary<string, GenePairTable>? referencePairs, string folder,
        Dictionary<(string From, string To, string Metric, int TopK), ProteinMapResult> searches, Action<string>? progress)
    {
        Directory.CreateDirectory(folder);
        progress?.Invoke($"{map.Name}: building the pairs");
        var (tables, source) = Tables(map, inputs, reference, folder, searches, progress);
        var pairs = IntegrationFit.PairsBySpecies(reference, inputs, tables);
        var homologySource = string.Join("+", tables.Select(table => Path.GetFileName(table.Path)));
        var strategy = map.Strategy ?? config.Homology.Strategy;
        var labelled = inputs.Where(input => input.LabelKey is not null).Select(input => input.Species).ToList();
        var mainTrain = config.TrainSpecies ?? labelled;
        progress?.Invoke($"{map.Name}: fitting (trained on {string.Join(", ", mainTrain)})");
        var watch = Stopwatch.StartNew();
        var model = IntegrationFit.Fit(config, inputs, pairs, homologySource, null, null, strategy);
        var fitSeconds = watch.Elapsed.TotalSeconds;
        var modelPath = Path.Combine(folder, "model.zip");
        model.Save(modelPath);

        // As the run's predict and evaluate stages: the saved model integrates every cell, the cells go through integrated.h5ad.
        progress?.Invoke($"{map.Name}: integrating and evaluating");
        var labelKey = config.Evaluation.LabelKey;
        var integratedPath = Path.Combine(folder, "integrated.h5ad");
        var loaded = SingleCellModel.Load(new Microsoft.ML.MLContext(config.Seed), modelPath);
        IntegratedFile.Write(loaded, inputs, labelKey, integratedPath);
        var cells = DataFiles.ReadCells(integratedPath).Data;
        var integrated = EvaluationInput.FromCells(cells, OutputKeys.IntegratedEmbedding, labelKey, OutputKeys.Species, integratedPath);
        var request = new EvaluationRequest(integrated)
        {
            Baseline = EvaluationInput.FromCells(cells, OutputKeys.BaselineEmbedding, labelKey, OutputKeys.Species, integratedPath),
            Description = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["config"] = configPath,
                ["gene map"] = $"{map.Name}: {source} ({strategy})",
                ["cells"] = string.Join(", ", config.Inputs.Select(input => $"{input.Species}: {input.Path}")),
            },
            DrawPictures = false,
            Scib = new ScibOptions { Seed = config.Seed },
            Umap = new UmapOptions { Seed = config.Seed },
            Classifier = ClassifierPredictions.FromCells(cells, ClassifierColumn(cells), loaded.Manifest.TrainSpecies, integratedPath),
        };
        var evaluation = Evaluator.Run(request);
        EvaluationJson.Write(evaluation, Path.Combine(folder, "metrics.json"));
        HtmlReport.Write(evaluation, Path.Combine(folder, "report.html"));

        var transfers = evaluation.ClassifierTransfers.ToList();
        if (compare.BothWays)
        {
            foreach (var species in labelled.Where(species => !(mainTrain.Count == 1 && mainTrain[0] == species)))
            {
                progress?.Invoke($"{map.Name}: fitting a classifier on {species} alone");
                var direction = IntegrationFit.Fit(config, inputs, pairs, homologySource, [species], null, strategy);
                var predicted = direction.Integrate(inputs, labelKey);
                transfers.AddRange(LabelTransfer.ScoreClassifier(integrated, ClassifierPredictions.FromCells(predicted, ClassifierColumn(predicted), [species], integratedPath)));
            }
        }

        var comparisons = referencePairs is null
            ? new Dictionary<string, MappingComparison>()
            : pairs.Where(entry => referencePairs.ContainsKey(entry.Key)).ToDictionary(entry => entry.Key, entry => MappingComparison.Compare(entry.Value, referencePairs[entry.Key]), StringComparer.Ordinal);
        var referenceGenes = inputs.First(input => input.Species == reference).Cells.GeneNames.ToHashSet(StringComparer.Ordinal);
        var inData = pairs.Sum(entry =>
        {
            var genes = inputs.First(input => input.Species == entry.Key).Cells.GeneNames.ToHashSet(StringComparer.Ordinal);
            return entry.Value.Pairs.Where(pair => referenceGenes.Contains(pair.GeneA) && genes.Contains(pair.GeneB)).Select(pair => (pair.GeneA, pair.GeneB)).Distinct().Count();
        });
        return new GeneMapOutcome(
            map.Name, source, strategy.ToString(), tables.Sum(table => table.Table.MultiSpecies?.Count ?? table.Table.Pairs.Count),
            pairs.Values.Sum(value => value.Pairs.Select(pair => (pair.GeneA, pair.GeneB)).Distinct().Count()), inData, comparisons,
            model.Manifest.SharedFeatures, model.VariableGeneCount, evaluation, transfers, fitSeconds, folder);
    }

    /// <summary>
    /// The column classifier transfer scores, as the run's evaluate stage chooses it: the most probable type
    /// (<c>pllm_best_cell_type</c>) where the model writes it, so that an abstention (<c>unknown</c>) is not counted as a
    /// wrong type, else the call.
    /// </summary>
    private static string ClassifierColumn(CellMatrix cells) =>
        cells.Obs.TryGetColumn(OutputKeys.BestCellType, out _) ? OutputKeys.BestCellType : OutputKeys.PredictedCellType;

    /// <summary>
    /// The map's tables: read from its file, computed from a BioMart export, or computed from embeddings (written to the
    /// map's folder: <c>pairs.csv</c> for two species given as from/to, else <c>pairs/&lt;reference&gt;_&lt;species&gt;.csv</c> per
    /// non-reference species). A similarity search of the same two files, metric and top-k is done once for every map
    /// that uses it (strategies and score thresholds compared over the same embeddings share it).
    /// </summary>
    private static (List<(string Path, string? Species, OrthologTable Table)> Tables, string Source) Tables(
        GeneMapConfiguration map, List<SpeciesData> inputs, string reference, string folder,
        Dictionary<(string From, string To, string Metric, int TopK), ProteinMapResult> searches, Action<string>? progress)
    {
        if (map.Path is { } path)
        {
            return ([(path, null, OrthologTableReader.Read(path))], path);
        }

        var written = Path.Combine(folder, "pairs.csv");
        var other = inputs.First(input => input.Species != reference).Species;
        if (map.Biomart is { } biomartPath)
        {
            var biomart = BiomartTableReader.Read(biomartPath);
            var table = map.Ensembl switch
            {
                "ens-m2m" => EnsemblStrategies.AllHomologs(biomart),
                "ens-o2o" => EnsemblStrategies.OneToOne(biomart),
                _ => HomologyGreedy.Match(biomart, reference, other).Pairs,
            };
            GenePairTableWriter.Write(table, written);
            return ([(written, null, OrthologTable.FromPairs(written, table))], $"{map.Ensembl} of {biomartPath}");
        }

        var embeddings = map.Embeddings!;
        GenePairTable Mapped(string from, string to, string speciesB, string output)
        {
            var settings = new ProteinMapSettings
            {
                From = from, To = to, SpeciesA = reference, SpeciesB = speciesB, Output = output,
                Strategy = embeddings.Strategy, Metric = embeddings.Metric, TopK = embeddings.TopK, MinScore = embeddings.MinScore,
            };
            var key = (Path.GetFullPath(from), Path.GetFullPath(to), embeddings.Metric, embeddings.TopK);
            if (!searches.TryGetValue(key, out var search))
            {
                progress?.Invoke($"{map.Name}: similarity search {Path.GetFileName(from)} × {Path.GetFileName(to)} ({embeddings.Metric}, top {embeddings.TopK})");
                searches[key] = search = ProteinMap.Search(settings);
            }
            else
            {
                progress?.Invoke($"{map.Name}: reusing the similarity search of {Path.GetFileName(from)} × {Path.GetFileName(to)}");
            }

            return ProteinMap.Match(settings, search).Pairs;
        }

        if (embeddings.Files is not { } files)
        {
            var pairs = Mapped(embeddings.From, embeddings.To, other, written);
            return ([(written, null, OrthologTable.FromPairs(written, pairs))], $"{embeddings.Strategy} {embeddings.Metric} map of {embeddings.From} and {embeddings.To}");
        }

        Directory.CreateDirectory(Path.Combine(folder, "pairs"));
        var tables = new List<(string Path, string? Species, OrthologTable Table)>();
        foreach (var species in inputs.Select(input => input.Species).Where(name => name != reference))
        {
            var output = Path.Combine(folder, "pairs", $"{reference}_{species}.csv");
            tables.Add((output, species, OrthologTable.FromPairs(output, Mapped(files[reference], files[species], species, output))));
        }

        return (tables, $"{embeddings.Strategy} {embeddings.Metric} maps of {string.Join(", ", inputs.Select(input => $"{input.Species}: {files[input.Species]}"))}");
    }
}
