using PllmML.Evaluation;
using PllmML.Trainers.SingleCell;

namespace PllmML.Pipeline.Stages;

/// <summary>Scores the integrated cells against the unintegrated PCA and writes <c>metrics.json</c> and <c>report.html</c>.</summary>
internal sealed class EvaluateStage(RunContext context) : IRunStage
{
    public string Name => "evaluate";

    public IReadOnlyList<string> Outputs => [context.Output.Metrics, context.Output.Report];

    public StageStamp Stamp()
    {
        var config = context.Config;
        var stamp = new StageStamp("evaluate").AddFile(context.Output.Integrated).Add("evaluation", config.Evaluation).Add("seed", config.Seed)
            .Add("randomWeights", config.Esm.RandomWeights).Add("markers", config.Markers is not null);
        if (config.Proteins is not null)
        {
            stamp.AddFiles(context.MapPairs.Select(pair => pair.Path)).AddFile(context.Output.Families);
        }

        // Only a comparison adds to the stamp, so a run without one keeps its fingerprint (and its finished evaluation).
        var others = Others();
        if (config.ComparedMethods().Count > 0)
        {
            stamp.Add("compareMethods", config.ComparedMethods()).Add("fitSeconds", StageStamp.Seconds(context.Output.Stamp("fit")))
                .AddFiles(others.SelectMany(method => new[] { context.Output.MethodIntegrated(method), context.Output.MethodFit(method) }));
        }

        return stamp;
    }

    public string Run()
    {
        var (config, output) = (context.Config, context.Output);
        var settings = Settings(output.Integrated, output.Model, output.Metrics, output.Report, config.Evaluation.Pictures, Description(config.Integration.Method, null));
        void Progress(string step) => context.Log($"evaluate: {step}");
        if (settings.Cuda && PllmML.Kernels.Devices.IlgpuDevice.CudaDeviceCount() == 0)
        {
            context.Warn("evaluate: evaluation.device is cuda, but there is no CUDA device; the kNN searches run on the CPU");
        }

        var compared = config.ComparedMethods();
        EvaluationResult result;
        if (compared.Count == 0)
        {
            result = EmbeddingEvaluation.Run(settings, Progress);
        }
        else
        {
            // Every method by the same code and settings; each other method's evaluation alone is also written beside its model.
            var primary = EmbeddingEvaluation.Evaluate(settings, Progress);
            var methods = compared.Select(method => method == config.Integration.Method
                ? new MethodEvaluation(method, true, StageStamp.Seconds(output.Stamp("fit")), primary)
                : new MethodEvaluation(method, false, MethodsStage.FitSeconds(output.MethodFit(method)), EmbeddingEvaluation.Run(
                    Settings(output.MethodIntegrated(method), output.MethodModel(method), output.MethodMetrics(method), null, false, Description(method, output.MethodIntegrated(method))),
                    step => Progress($"{method}: {step}")))).ToList();
            result = primary with { Methods = methods };
            EmbeddingEvaluation.Write(result, settings);
        }

        var transfers = result.Transfers.Select(t => $"label transfer {t.ReferenceBatch} → {t.QueryBatch} accuracy {t.Accuracy:F3}")
            .Concat(result.ClassifierTransfers.Select(t => $"classifier {t.ReferenceBatch} → {t.QueryBatch} accuracy {t.Accuracy:F3}"));
        var figure = $"scib total {F(result.Integrated.Total)} (unintegrated PCA {F(result.Baseline?.Total)}); {string.Join("; ", transfers)}";
        return result.Methods.Count == 0
            ? figure
            : figure + "; side by side: " + string.Join(", ", result.Methods.Select(m => $"{m.Method} total {F(m.Result.Integrated.Total)} kNN {F(m.MeanKnnTransfer)} classifier {F(m.MeanClassifierTransfer)}"));
    }

    private List<string> Others() => [.. context.Config.ComparedMethods().Where(method => method != context.Config.Integration.Method)];

    /// <summary>The one evaluation setting of every method: only the cells, the model and the files differ.</summary>
    private EmbeddingEvaluationSettings Settings(string integrated, string model, string metrics, string? report, bool pictures, Dictionary<string, string> description)
    {
        var (config, output) = (context.Config, context.Output);
        return new EmbeddingEvaluationSettings
        {
            Input = integrated,
            Embedding = OutputKeys.IntegratedEmbedding,
            Baseline = OutputKeys.BaselineEmbedding,
            LabelKey = config.Evaluation.LabelKey,
            BatchKey = OutputKeys.Species,
            Output = metrics,
            Report = report,
            DrawPictures = pictures,
            GeneMap = context.ProteinMapQuality(),
            Description = description,
            Seed = config.Seed,
            Cuda = config.Evaluation.Device == "cuda",
            Links = config.Markers is null || report is null ? new Dictionary<string, string>() : new Dictionary<string, string>
            {
                ["conserved markers and cell-type homology"] = Path.GetRelativePath(output.Folder, output.MarkersReport).Replace('\\', '/'),
            },

            // The classifier's label transfer scores its most probable type (what the model learned) when the cells carry
            // it; the calls, which may be unknown, are scored as abstention.
            PredictionKeys = [OutputKeys.BestCellType, OutputKeys.PredictedCellType],
            TrainedOn = SingleCellModel.ReadManifest(model).TrainSpecies,
        };
    }

    private static string F(double? value) => value is { } v ? v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) : "—";

    private Dictionary<string, string> Description(string method, string? integrated)
    {
        var config = context.Config;
        var pairs = config.Proteins is null ? string.Empty : string.Join(", ", context.MapPairs.Select(pair => pair.Path));
        var description = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["config"] = context.ConfigPath,
            ["cells"] = string.Join(", ", config.Inputs.Select(input => $"{input.Species}: {input.Path}")),
            ["integrated embedding"] = method == "harmony"
                ? $"obsm {OutputKeys.IntegratedEmbedding} (Harmony on the shared-gene PCA); baseline: obsm {OutputKeys.BaselineEmbedding} (the same PCA before Harmony)"
                : $"obsm {OutputKeys.IntegratedEmbedding} (the {method} latent space); baseline: obsm {OutputKeys.BaselineEmbedding} (the shared-gene PCA)",
            ["genes shared by"] = config.Homology.Source == "map" ? $"the protein-embedding map {pairs}" : string.Join(", ", config.Homology.AllTables().Select(table => table.Species is null ? table.Path : $"{table.Species}: {table.Path}")),
        };
        if (integrated is not null)
        {
            description["integrated cells"] = integrated;
        }

        if (config.Proteins is not null)
        {
            description["ESM-2 model"] = config.Esm.Model;
            description["protein map"] = $"{pairs} ({config.Mapping.Strategy}, {config.Mapping.Metric}); gene-map section: judged against the "
                + $"'{config.Proteins.FamilyAttribute}' families of the FASTA headers (a pair agrees when both proteins are in the same family)";
            if (config.Esm.RandomWeights)
            {
                description["ESM-2 weights"] = PllmRun.RandomWeightsNote;
            }
        }

        return description;
    }
}
