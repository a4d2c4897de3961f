using System.Globalization;
using PllmML.Evaluation;
using PllmML.Trainers.Deep;
using Xunit.Abstractions;

namespace PllmML.Deep.Tests;

/// <summary>scVI on the bundled real pancreas cells (human 175 + mouse 487 of five shared types).</summary>
public class PancreasScviTests(ITestOutputHelper output)
{
    [Fact]
    public void Experiment()
    {
        var epochs = int.Parse(Environment.GetEnvironmentVariable("PLLM_SCVI_EPOCHS") ?? "40", CultureInfo.InvariantCulture);
        var warmup = int.Parse(Environment.GetEnvironmentVariable("PLLM_SCVI_WARMUP") ?? "400", CultureInfo.InvariantCulture);
        var likelihood = Environment.GetEnvironmentVariable("PLLM_SCVI_NB") == "1" ? GeneLikelihood.NegativeBinomial : GeneLikelihood.ZeroInflatedNegativeBinomial;
        var pancreas = PancreasCounts.Instance;
        output.WriteLine($"{pancreas.Data.Counts.RowCount} cells, {pancreas.Data.Counts.ColumnCount} of {pancreas.SharedGeneCount} shared genes");
        var options = new ScviOptions { MaxEpochs = epochs, KlWarmupEpochs = warmup, GeneLikelihood = likelihood, Threads = 2 };
        using var model = ScviTrainer.Fit(pancreas.Data, options);
        output.WriteLine($"fit {model.FitTime.TotalSeconds:F1} s; last epoch {model.History[^1]}");
        var latent = new LatentEncoder(model.ExportEncoder()).Encode(pancreas.Data.Counts, pancreas.Data.Batches);
        Report(pancreas.Evaluate(latent, options.NLatent));
    }

    private void Report(EvaluationResult result)
    {
        foreach (var metric in result.Integrated.Metrics)
        {
            output.WriteLine($"{metric.Name,-24} {metric.Value,8:F4}");
        }

        output.WriteLine($"scib total {result.Integrated.Total:F4}");
        foreach (var t in result.Transfers)
        {
            output.WriteLine($"{t.ReferenceBatch} → {t.QueryBatch}: accuracy {t.Accuracy:F3}, macro-F1 {t.MacroF1:F3}");
        }
    }
}
