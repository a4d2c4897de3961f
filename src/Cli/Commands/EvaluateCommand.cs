using System.CommandLine;
using System.Globalization;
using PllmML.Evaluation;
using PllmML.Pipeline;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// <c>pllm evaluate --input &lt;h5ad&gt; --embedding &lt;obsm key&gt; …</c>: scib metrics, label transfer, pictures and
/// an HTML report for an embedding in an .h5ad.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var input = new Option<string>("--input") { Description = "The .h5ad with the cells, their annotations and the embedding.", Required = true };
        var embedding = new Option<string>("--embedding") { Description = "The obsm key of the integrated embedding (e.g. X_pca_harmony).", Required = true };
        var labelKey = new Option<string>("--label-key") { Description = "The obs column with the cell type.", DefaultValueFactory = _ => "cell_type" };
        var batchKey = new Option<string>("--batch-key") { Description = "The obs column with the batch (species).", DefaultValueFactory = _ => "species" };
        var baseline = new Option<string?>("--baseline") { Description = "The obsm key of the unintegrated embedding, shown beside the integrated one and used for PCR comparison." };
        var output = new Option<string>("--out") { Description = "Where to write the metrics as JSON.", Required = true };
        var report = new Option<string?>("--report") { Description = "Where to write the self-contained HTML report (with the pictures)." };
        var pictures = new Option<string?>("--pictures") { Description = "A folder to write the PNG pictures to." };
        var geneMap = new Option<string?>("--gene-map") { Description = "A predicted gene-pair table to judge against --reference-map." };
        var referenceMap = new Option<string?>("--reference-map") { Description = "A reference ortholog table (BioMart, gene pairs, CACIMAR)." };
        var seed = new Option<int>("--seed") { Description = "Seed of k-means, Louvain and UMAP.", DefaultValueFactory = _ => 0 };
        var predictionKey = new Option<string?>("--prediction-key")
        {
            Description = "An obs column with a trained classifier's predicted cell types (e.g. pllm_cell_type from pllm predict), "
                + "scored as label transfer beside kNN for the batches given by --trained-on.",
        };
        var trainedOn = new Option<string[]>("--trained-on")
        {
            Description = "The batches (species) whose labels trained that classifier; every other batch is scored.",
            AllowMultipleArgumentsPerToken = true,
        };
        var device = new Option<string>("--device")
        {
            Description = "Where the kNN searches run: cpu or cuda (ILGPU; falls back to cpu with a note when there is no GPU). The metrics are the same.",
            DefaultValueFactory = _ => "cpu",
        };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var command = new Command("evaluate", "Score an embedding: scib metrics, cross-species label transfer, UMAP pictures, HTML report.")
        {
            input, embedding, labelKey, batchKey, baseline, output, report, pictures, geneMap, referenceMap, seed, predictionKey, trainedOn, device,
        };
        command.SetAction(parse => Run(console, new Arguments(
            parse.GetRequiredValue(input), parse.GetRequiredValue(embedding), parse.GetRequiredValue(labelKey), parse.GetRequiredValue(batchKey),
            parse.GetValue(baseline), parse.GetRequiredValue(output), parse.GetValue(report), parse.GetValue(pictures),
            parse.GetValue(geneMap), parse.GetValue(referenceMap), parse.GetValue(seed),
            parse.GetValue(predictionKey), parse.GetValue(trainedOn) ?? [], parse.GetValue(device) == "cuda")));
        return command;
    }

    private static int Run(IAnsiConsole console, Arguments a)
    {
        if ((a.GeneMap is null) != (a.ReferenceMap is null))
        {
            throw new UsageException("--gene-map and --reference-map go together.");
        }

        if ((a.PredictionKey is null) != (a.TrainedOn.Length == 0))
        {
            throw new UsageException("--prediction-key and --trained-on go together.");
        }

        var settings = new EmbeddingEvaluationSettings
        {
            Input = a.Input, Embedding = a.Embedding, Output = a.Output, LabelKey = a.LabelKey, BatchKey = a.BatchKey, Baseline = a.Baseline,
            Report = a.Report, Pictures = a.Pictures, GeneMapPath = a.GeneMap, ReferenceMapPath = a.ReferenceMap, Seed = a.Seed,
            PredictionKeys = a.PredictionKey is null ? [] : [a.PredictionKey], TrainedOn = a.TrainedOn, Cuda = a.Cuda,
        };
        if (a.Cuda && PllmML.Kernels.Devices.IlgpuDevice.CudaDeviceCount() == 0)
        {
            console.MarkupLine("[yellow]No CUDA device found; the kNN searches run on the CPU.[/]");
        }

        var result = Progress.Run(console, "Evaluating", step => EmbeddingEvaluation.Run(settings, step));
        Render(console, result);
        console.MarkupLine($"Wrote {Markup.Escape(a.Output)}{(a.Report is null ? string.Empty : " and " + Markup.Escape(a.Report))}.");
        return PllmCommandLine.Success;
    }

    private static void Render(IAnsiConsole console, EvaluationResult result)
    {
        var table = new Table().AddColumn("metric");
        if (result.Baseline is not null)
        {
            table.AddColumn(new TableColumn("baseline").RightAligned());
        }

        table.AddColumn(new TableColumn("integrated").RightAligned()).AddColumn("note");
        foreach (var metric in result.Integrated.Metrics)
        {
            var row = new List<string> { Markup.Escape(metric.Name) };
            if (result.Baseline is not null)
            {
                row.Add(F(result.Baseline[metric.Name].Value));
            }

            row.Add(F(metric.Value));
            row.Add($"[grey]{Markup.Escape(metric.Note ?? string.Empty)}[/]");
            table.AddRow([.. row]);
        }

        foreach (var (name, pick) in new (string, Func<ScibReport, double?>)[] { ("Batch correction", r => r.BatchCorrection), ("Bio conservation", r => r.BioConservation), ("Total", r => r.Total) })
        {
            var row = new List<string> { $"[bold]{name}[/]" };
            if (result.Baseline is not null)
            {
                row.Add(F(pick(result.Baseline)));
            }

            row.Add(F(pick(result.Integrated)));
            row.Add(string.Empty);
            table.AddRow([.. row]);
        }

        console.Write(table);
        foreach (var t in result.Transfers)
        {
            console.MarkupLine(
                $"Label transfer {Markup.Escape(t.ReferenceBatch)} → {Markup.Escape(t.QueryBatch)} (kNN, k = {t.NeighborCount}): accuracy {t.Accuracy:F3}, balanced accuracy {t.BalancedAccuracy:F3}, macro-F1 {t.MacroF1:F3}");
        }
    }

    private static string F(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "—";

    private sealed record Arguments(
        string Input, string Embedding, string LabelKey, string BatchKey, string? Baseline, string Output, string? Report, string? Pictures,
        string? GeneMap, string? ReferenceMap, int Seed, string? PredictionKey, string[] TrainedOn, bool Cuda);
}
