using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Kernels.Memory;
using PllmML.Trainers.Integration;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// Fits the whole cell-level chain — shared gene space, log-normalisation, Seurat v3 genes, scaling, PCA, Harmony,
/// cell-type classifier — as one ML.NET <see cref="TransformerChain{TLastTransformer}"/>.
/// </summary>
/// <remarks>
/// The classifier is ML.NET's L-BFGS maximum entropy (multinomial logistic regression) on the integrated embedding:
/// after Harmony, cell types are compact regions of a 50-dimensional space where a linear softmax model separates
/// them well, its probabilities are calibrated, it is deterministic, saves as a few thousand weights and scores a
/// cell in microseconds. LightGBM would overfit cell types with a handful of training cells (mouse pancreas has 2–4
/// cells of several types) and adds a native library; a kNN transfer would have to carry the whole reference
/// embedding as model state.
/// </remarks>
public static class SingleCellPipeline
{
    /// <summary>Fits the chain.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="inputs">One entry per species (at least two).</param>
    /// <param name="pairsBySpecies">For each non-reference species, pairs (reference gene, species gene).</param>
    /// <param name="options">Parameters; defaults when null.</param>
    /// <param name="progress">Called with each stage's timing as it finishes.</param>
    /// <exception cref="MissingLabelsException">No training species has labels.</exception>
    public static SingleCellModel Fit(
        MLContext mlContext, IReadOnlyList<SpeciesData> inputs, IReadOnlyDictionary<string, GenePairTable> pairsBySpecies,
        SingleCellPipelineOptions? options = null, Action<StageTiming>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(inputs);
        options ??= new SingleCellPipelineOptions();
        var timings = new List<StageTiming>();
        void Record(string stage, Stopwatch stageWatch, string summary)
        {
            var timing = new StageTiming(stage, stageWatch.Elapsed, summary);
            timings.Add(timing);
            progress?.Invoke(timing);
        }

        options = options.Copy();
        var trainInputs = TrainingInputs(inputs, options);
        options.TrainSpecies = trainInputs;
        var watch = Stopwatch.StartNew();
        var reference = options.ReferenceSpecies ?? inputs[0].Species;
        var space = SharedGeneSpace.Build(
            reference, inputs.ToDictionary(input => input.Species, input => input.Cells.GeneNames, StringComparer.Ordinal),
            pairsBySpecies, options.HomologyStrategy);
        var data = new CellRowsView(mlContext, space, inputs, options.DonorCovariate);
        var fitted = new SingleCellPipelineEstimator(mlContext, space, options).FitStages(data, watch, Record);
        // The stages' working memory (Harmony's cells × clusters matrices, the PCA's kept genes) is garbage now.
        HeapRelease.Compact();
        var manifest = Manifest(space, inputs, options, trainInputs, fitted.Labels, fitted.Latent?.Model.Encoder.LatentDimensions ?? fitted.Pca.Components.ComponentCount, fitted.Latent?.Model);
        var watchReference = Stopwatch.StartNew();
        var annotation = AnnotationReferenceBuilder.Build(space, inputs, fitted);
        Record("annotation reference", watchReference, "each species' library shares of the shared genes, for queries that lack genes");
        if (options.Coverage > 0)
        {
            var watchCalibration = Stopwatch.StartNew();
            annotation = annotation with
            {
                Calibration = ConformalCalibrator.Fit(mlContext, fitted.Integrated, TrainingNormalized(mlContext, space, inputs, options, fitted), options.TrainSpecies, fitted.Labels, manifest.EmbeddingDimensions, manifest.SharedFeatures, options.Coverage, options.Seed),
            };
            Record("calibration", watchCalibration, $"{ConformalCalibrator.Folds}-fold out-of-fold conformal scores and Ledoit–Wolf distances per type, coverage {options.Coverage:P0}");
            manifest = manifest with { Coverage = options.Coverage };
        }

        return new SingleCellModel(mlContext, fitted.Chain, data.Schema, manifest, timings, fitted.Harmony?.Result, annotation);
    }

    // The calibration's passes over the log-normalised counts need the training species' cells only: the other
    // species' rows are not read at all (at 1M cells, half of two passes through the file and the upstream stages).
    private static IDataView TrainingNormalized(
        MLContext mlContext, SharedGeneSpace space, IReadOnlyList<SpeciesData> inputs, SingleCellPipelineOptions options, SingleCellPipelineEstimator.Fitted fitted)
    {
        var training = inputs.Where(input => options.TrainSpecies!.Contains(input.Species)).ToArray();
        return training.Length == inputs.Count
            ? fitted.Normalized
            : fitted.Normalize(new CellRowsView(mlContext, space, training, options.DonorCovariate));
    }

    private static string[] TrainingInputs(IReadOnlyList<SpeciesData> inputs, SingleCellPipelineOptions options)
    {
        var train = options.TrainSpecies ?? [.. inputs.Where(input => input.LabelKey is not null).Select(input => input.Species)];
        if (train.Count == 0)
        {
            throw new MissingLabelsException("No input has cell-type labels: give a label key (for example --label-key cell_type) for the training species.");
        }

        foreach (var species in train)
        {
            var input = inputs.FirstOrDefault(candidate => candidate.Species == species)
                ?? throw new MissingLabelsException($"The training species '{species}' is not among the inputs ({string.Join(", ", inputs.Select(i => i.Species))}).");
            if (input.LabelKey is null || !input.Cells.Obs.TryGetColumn(input.LabelKey, out _))
            {
                throw new MissingLabelsException($"{input.Source ?? input.Species}: no label column '{input.LabelKey ?? "(none given)"}' for training species '{species}'; "
                    + $"obs has: {string.Join(", ", input.Cells.Obs.ColumnNames)}.");
            }
        }

        return [.. train];
    }

    private static SingleCellManifest Manifest(
        SharedGeneSpace space, IReadOnlyList<SpeciesData> inputs, SingleCellPipelineOptions options, string[] train, string[] labels, int dimensions,
        Deep.LatentIntegrationModel? latent)
    {
        var species = space.Species.Select(name =>
        {
            var map = space[name];
            return new SpeciesManifest(name, map.ModelGenes, map.GenesInData, map.GenesDropped, inputs.First(input => input.Species == name).Cells.CellCount);
        }).ToArray();
        var h = options.Harmony;
        var parameters = new Dictionary<string, string>
        {
            ["targetSum"] = $"{options.TargetSum:R}",
            ["topGenes"] = $"{options.TopGenes}",
            ["maxValue"] = $"{options.MaxValue:R}",
            ["components"] = $"{options.Components}",
            ["harmony"] = $"theta={h.Theta} sigma={h.Sigma} lambda={h.Lambda} clusters={h.Clusters?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "auto"} rounds={h.MaxRounds} "
                + $"clusterIterations={h.MaxClusterIterations} block={h.BlockSize} epsCluster={h.EpsilonCluster} epsHarmony={h.EpsilonHarmony} donor={options.DonorCovariate}",
            ["seed"] = $"{options.Seed}",
        };
        if (latent is not null)
        {
            // Harmony's parameters stay for the record of what the default would have used; "integration" says what ran.
            parameters["integration"] = $"{latent.Method}: {latent.Summary}";
        }

        return new SingleCellManifest
        {
            ReferenceSpecies = space.ReferenceSpecies,
            Species = species,
            SharedFeatures = space.Features.Count,
            GeneListHash = SingleCellManifest.HashGenes(species, space.Features),
            HomologyStrategy = options.HomologyStrategy.ToString(),
            HomologySource = options.HomologySource,
            TrainSpecies = train,
            Labels = labels,
            EmbeddingDimensions = dimensions,
            MinimumGeneOverlap = options.MinimumGeneOverlap,
            MinimumGeneCoverage = options.MinimumGeneCoverage,
            Parameters = parameters,
        };
    }
}
