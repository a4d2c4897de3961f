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
        var trainedOn = SingleCellModel.ReadManifest(output.Model).TrainSpecies;
        var result = EmbeddingEvaluation.Run(
            new EmbeddingEvaluationSettings
            {
                Input = output.Integrated,
                Embedding = OutputKeys.IntegratedEmbedding,
                Baseline = OutputKeys.BaselineEmbedding,
                LabelKey = config.Evaluation.LabelKey,
                BatchKey = OutputKeys.Species,
                Output = output.Metrics,
                Report = output.Report,
                DrawPictures = config.Evaluation.Pictures,
                GeneMap = context.ProteinMapQuality(),
                Description = Description(),
                Seed = config.Seed,
                Links = config.Markers is null ? new Dictionary<string, string>() : new Dictionary<string, string>
                {
                    ["conserved markers and cell-type homology"] = Path.GetRelativePath(output.Folder, output.MarkersReport).Replace('\\', '/'),
                },

                // The classifier's label transfer scores its most probable type (what the model learned) when the cells carry
                // it; the calls, which may be unknown, are scored as abstention.
                PredictionKeys = [OutputKeys.BestCellType, OutputKeys.PredictedCellType],
                TrainedOn = trainedOn,
            },
            step => context.Log($"evaluate: {step}"));
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
