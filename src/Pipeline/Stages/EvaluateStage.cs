using PllmML.Data;
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

        return stamp;
    }

    public string Run()
    {
        var (config, output) = (context.Config, context.Output);
        var cells = DataFiles.ReadCells(output.Integrated).Data;
        var labelKey = config.Evaluation.LabelKey;
        var request = new EvaluationRequest(EvaluationInput.FromCells(cells, OutputKeys.IntegratedEmbedding, labelKey, OutputKeys.Species, output.Integrated))
        {
            Baseline = EvaluationInput.FromCells(cells, OutputKeys.BaselineEmbedding, labelKey, OutputKeys.Species, output.Integrated),
            GeneMap = context.ProteinMapQuality(),
            Description = Description(),
            DrawPictures = config.Evaluation.Pictures,
            Scib = new ScibOptions { Seed = config.Seed },
            Umap = new UmapOptions { Seed = config.Seed },
            Links = config.Markers is null ? new Dictionary<string, string>() : new Dictionary<string, string>
            {
                ["conserved markers and cell-type homology"] = Path.GetRelativePath(output.Folder, output.MarkersReport).Replace('\\', '/'),
            },
            // The classifier's label transfer scores its most probable type (what the model learned); the calls, which may
            // be unknown, are scored as abstention.
            Classifier = ClassifierPredictions.FromCells(
                cells, cells.Obs.TryGetColumn(OutputKeys.BestCellType, out _) ? OutputKeys.BestCellType : OutputKeys.PredictedCellType, SingleCellModel.ReadManifest(output.Model).TrainSpecies, output.Integrated),
            Calls = AnnotationCalls.FromCells(cells, labelKey, OutputKeys.Species, SingleCellModel.ReadManifest(output.Model).TrainSpecies),
        };
        var result = Evaluator.Run(request, step => context.Log($"evaluate: {step}"));
        EvaluationJson.Write(result, output.Metrics);
        HtmlReport.Write(result, output.Report);
        var transfers = result.Transfers.Select(t => $"label transfer {t.ReferenceBatch} → {t.QueryBatch} accuracy {t.Accuracy:F3}")
            .Concat(result.ClassifierTransfers.Select(t => $"classifier {t.ReferenceBatch} → {t.QueryBatch} accuracy {t.Accuracy:F3}"));
        return $"scib total {F(result.Integrated.Total)} (unintegrated PCA {F(result.Baseline?.Total)}); {string.Join("; ", transfers)}";
    }

    private static string F(double? value) => value is { } v ? v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) : "—";

    private Dictionary<string, string> Description()
    {
        var config = context.Config;
        var pairs = config.Proteins is null ? string.Empty : string.Join(", ", context.MapPairs.Select(pair => pair.Path));
        var description = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["config"] = context.ConfigPath,
            ["cells"] = string.Join(", ", config.Inputs.Select(input => $"{input.Species}: {input.Path}")),
            ["integrated embedding"] = $"obsm {OutputKeys.IntegratedEmbedding} (Harmony on the shared-gene PCA); baseline: obsm {OutputKeys.BaselineEmbedding} (the same PCA before Harmony)",
            ["genes shared by"] = config.Homology.Source == "map" ? $"the protein-embedding map {pairs}" : string.Join(", ", config.Homology.AllTables().Select(table => table.Species is null ? table.Path : $"{table.Species}: {table.Path}")),
        };
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
