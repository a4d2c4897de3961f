using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using PllmML.Trainers.Deep;
using PllmML.Trainers.Integration;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// The whole cell-level chain as one ML.NET estimator: shared gene space → log-normalisation → Seurat v3 genes →
/// scaling → PCA → Harmony → cell-type classifier, fitted on rows of <see cref="CellRow"/> (columns
/// <see cref="SingleCellColumns.Species"/>, <see cref="SingleCellColumns.Counts"/> in each species' model gene order,
/// <see cref="SingleCellColumns.Label"/> and <see cref="SingleCellColumns.Donor"/>). The fitted
/// <see cref="TransformerChain{TLastTransformer}"/> is what <see cref="SingleCellModel.Chain"/> holds; use
/// <see cref="SingleCellPipeline.Fit"/> to start from per-species cell matrices and get the manifest too.
/// </summary>
/// <remarks>
/// The classifier is trained on the cells of <see cref="SingleCellPipelineOptions.TrainSpecies"/> (every species when
/// null) whose label is not empty and is in <see cref="SingleCellPipelineOptions.Labels"/> (all when null).
/// </remarks>
public sealed class SingleCellPipelineEstimator : IEstimator<TransformerChain<ITransformer>>
{
    private const string PredictedLabelColumn = "PredictedLabel";
    private readonly MLContext _mlContext;
    private readonly SharedGeneSpace _space;
    private readonly SingleCellPipelineOptions _options;

    /// <summary>Creates the estimator.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="space">The shared gene space (<see cref="SharedGeneSpace.Build"/>).</param>
    /// <param name="options">Parameters (copied); defaults when null.</param>
    public SingleCellPipelineEstimator(MLContext mlContext, SharedGeneSpace space, SingleCellPipelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(space);
        _mlContext = mlContext;
        _space = space;
        _options = (options ?? new SingleCellPipelineOptions()).Copy();
    }

    /// <inheritdoc />
    /// <exception cref="MissingLabelsException">The training cells have fewer than two labels.</exception>
    public TransformerChain<ITransformer> Fit(IDataView input) => FitStages(input, null, null).Chain;

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        DataViewColumns.Require(inputSchema, SingleCellColumns.Label);
        var shape = new SharedGeneSpaceEstimator(_mlContext, _space).GetOutputSchema(inputSchema);
        foreach (var stage in StageEstimators())
        {
            shape = stage.GetOutputSchema(shape);
        }

        return ClassifierEstimator(_mlContext).GetOutputSchema(shape);
    }

    /// <summary>The fitted chain and what the model's manifest and timings report.</summary>
    /// <remarks>
    /// <see cref="Integrated"/> reads through the cache of the PCA scores, which keeps every column a cursor asks for;
    /// wide columns (<see cref="SingleCellColumns.Normalized"/>, a dense row of every shared gene per cell) are read
    /// from <see cref="Normalized"/>, the same cells in the same order upstream of that cache, so no cells × genes
    /// copy is kept.
    /// </remarks>
    internal sealed record Fitted(
        TransformerChain<ITransformer> Chain, SharedGeneSpaceTransformer SharedGenes, LogNormalizingTransformer Normalization, VariableGeneSelectingTransformer VariableGenes,
        GeneScalingTransformer Scaling, PrincipalComponentsTransformer Pca, HarmonyIntegrationTransformer? Harmony, LatentIntegrationTransformer? Latent,
        string[] Labels, IDataView Integrated, IDataView Normalized)
    {
        /// <summary>Other cell rows (<see cref="CellRowsView"/>) through the shared gene space and the log-normalisation.</summary>
        public IDataView Normalize(IDataView rows) => Normalization.Transform(SharedGenes.Transform(rows));
    }

    /// <summary>Fits every stage on the lazy chain, reporting each stage's timing.</summary>
    /// <param name="data">The cell rows.</param>
    /// <param name="sharedWatch">Started before the gene space was built (its time counts for stage 1); null to start now.</param>
    /// <param name="record">Called with each stage's name, watch and summary.</param>
    internal Fitted FitStages(IDataView data, Stopwatch? sharedWatch, Action<string, Stopwatch, string>? record)
    {
        ArgumentNullException.ThrowIfNull(data);
        DataViewColumns.Require(data.Schema, SingleCellColumns.Label);
        var options = _options;
        var watch = sharedWatch ?? Stopwatch.StartNew();
        var shared = new SharedGeneSpaceEstimator(_mlContext, _space).Fit(data);
        record?.Invoke("shared gene space", watch, $"{_space.Features.Count} shared features; "
            + string.Join("; ", _space.Maps.Select(map => $"{map.Species} keeps {map.ModelGenes.Count} of {map.GenesInData} genes, drops {map.GenesDropped}")));

        var stages = new List<ITransformer> { shared };
        IDataView current = shared.Transform(data);
        // Stages fit on the lazy chain: each reads its input by streaming the cells through the stages before it,
        // so no full copy of an intermediate cells × genes column is kept (the PCA fit streams the scaled cells three
        // times). The PCA scores are cached (Harmony and the classifier both read them); ML.NET's cache keeps every
        // column a cursor asks for, so wide columns are read from views upstream of it (Fitted.Normalized).
        T Next<T>(IEstimator<T> estimator, string stage, Func<T, string> summary, bool cache = false)
            where T : ITransformer
        {
            var stageWatch = Stopwatch.StartNew();
            var fitted = estimator.Fit(current);
            current = fitted.Transform(current);
            if (cache)
            {
                current = _mlContext.Data.Cache(current, SingleCellColumns.Pca);
            }

            stages.Add(fitted);
            record?.Invoke(stage, stageWatch, summary(fitted));
            return fitted;
        }

        var estimators = StageEstimators();
        var normalization = Next((LogNormalizingEstimator)estimators[0], "log-normalisation", t => $"target sum {t.TargetSum:G}, log1p");
        var normalized = current;
        var variableGenes = Next((VariableGeneSelectingEstimator)estimators[1], "highly variable genes", t => $"{t.Selection.Selected.Length} Seurat v3 genes by species");
        var kept = new InMemoryColumnView(current, SingleCellColumns.VariableGenes, InMemoryColumnView.DefaultBudgetBytes);
        current = kept;
        var scaling = Next((GeneScalingEstimator)estimators[2], "scaling", t => $"clip at {t.Scaling.MaxValue:G}; {kept.Summary}");
        var pca = Next((PrincipalComponentsEstimator)estimators[3], "PCA",
            t => $"{t.Components.ComponentCount} components, {t.Components.ExplainedVariance.Take(3).Sum() / t.Components.ExplainedVariance.Sum():P0} of their variance in the first 3",
            cache: true);
        // Fill the scores' cache from the kept variable genes, then let those go before Harmony's memory is needed.
        DataViewColumns.ForEachRow(current, current.Schema[SingleCellColumns.Pca], static (in VBuffer<float> _) => { });
        kept.Release();
        HarmonyIntegrationTransformer? harmony = null;
        LatentIntegrationTransformer? latent = null;
        if (options.DeepIntegration is null)
        {
            harmony = Next((HarmonyIntegrationEstimator)estimators[4], "Harmony",
                t => $"{t.Result.Model.Clusters} clusters, {t.Result.Rounds} rounds, objective {t.Result.Objectives[^1]:F1}");
        }
        else
        {
            // The network reads the raw counts of the same variable genes the PCA baseline uses.
            latent = Next(LatentEstimator(variableGenes.Selection.Selected), options.DeepIntegration.Method, t => t.Model.Summary);
        }

        var classifierWatch = Stopwatch.StartNew();
        ITransformer classifier;
        string[] labels;
        if (latent?.Model.Classifier is not null)
        {
            classifier = LatentIntegrationEstimator.ClassifierStage(_mlContext, latent, current);
            labels = [.. latent.Labels];
            record?.Invoke("classifier", classifierWatch,
                $"the {latent.Model.Method} network's own classifier, trained on {string.Join(", ", options.TrainSpecies ?? ["all species"])} labels: {string.Join(", ", labels)}");
        }
        else
        {
            (classifier, labels) = FitClassifier(current, options);
            record?.Invoke("classifier", classifierWatch,
                $"L-BFGS maximum entropy on {string.Join(", ", options.TrainSpecies ?? ["all species"])} labels: {string.Join(", ", labels)}");
        }

        stages.Add(classifier);
        return new Fitted(new TransformerChain<ITransformer>([.. stages]), shared, normalization, variableGenes, scaling, pca, harmony, latent, labels, current, normalized);
    }

    /// <summary>The stages after the shared gene space (which <see cref="FitStages"/> fits first, timed apart).</summary>
    private IEstimator<ITransformer>[] StageEstimators()
    {
        var options = _options;
        var harmony = options.Harmony.Copy();
        harmony.Seed = options.Seed;
        return
        [
            new LogNormalizingEstimator(_mlContext, options.TargetSum),
            new VariableGeneSelectingEstimator(_mlContext, options.TopGenes),
            new GeneScalingEstimator(_mlContext, options.MaxValue),
            new PrincipalComponentsEstimator(_mlContext, options.Components, options.Seed),
            options.DeepIntegration is null ? new HarmonyIntegrationEstimator(_mlContext, harmony, options.DonorCovariate) : LatentEstimator(null),
        ];
    }

    private LatentIntegrationEstimator LatentEstimator(IReadOnlyList<int>? genes) => new(_mlContext, new LatentIntegrationEstimator.Options
    {
        Trainer = _options.DeepIntegration, Genes = genes, TrainSpecies = _options.TrainSpecies, Labels = _options.Labels,
    });

    internal static IEstimator<ITransformer> ClassifierEstimator(MLContext mlContext) =>
        mlContext.Transforms.Conversion.MapValueToKey(SingleCellColumns.Label, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy(SingleCellColumns.Label, SingleCellColumns.Features))
            .Append(mlContext.Transforms.Conversion.MapKeyToValue(PredictedLabelColumn));

    internal sealed class LabelledRow
    {
        public string Label { get; set; } = string.Empty;

        [VectorType(SingleCellColumns.MaxEmbeddingWidth)]
        public float[] Features { get; set; } = [];
    }

    private (ITransformer Classifier, string[] Labels) FitClassifier(IDataView integrated, SingleCellPipelineOptions options)
    {
        var species = DataViewColumns.ReadText(integrated, SingleCellColumns.Species);
        var labels = DataViewColumns.ReadText(integrated, SingleCellColumns.Label);
        var features = DataViewColumns.ReadVectors(integrated, SingleCellColumns.Features);
        var rows = new List<LabelledRow>();
        for (var cell = 0; cell < species.Length; cell++)
        {
            if ((options.TrainSpecies is null || options.TrainSpecies.Contains(species[cell])) && labels[cell].Length > 0
                && (options.Labels is null || options.Labels.Contains(labels[cell])))
            {
                rows.Add(new LabelledRow { Label = labels[cell], Features = features[cell] });
            }
        }

        var classes = rows.Select(row => row.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (classes.Length < 2)
        {
            throw new MissingLabelsException($"The training cells have {classes.Length} distinct label(s); a classifier needs at least 2.");
        }

        var training = _mlContext.Data.LoadFromEnumerable(rows);
        return (ClassifierEstimator(_mlContext).Fit(training), classes);
    }
}
