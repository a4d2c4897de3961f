using PllmML.Evaluation;
using Xunit.Abstractions;

namespace PllmML.Evaluation.Tests;

/// <summary>The whole evaluation on the bundled human and mouse pancreas cells.</summary>
public class PancreasEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void Evaluate_PancreasPca_GivesPlausibleFiguresAndPictures()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cells = PancreasDemo.Build();
        output.WriteLine($"demo data: {clock.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(["alpha", "beta", "delta", "macrophage", "stellate"], ((PllmML.Data.CategoricalColumn)cells.Obs["cell_type"]).Categories);
        var integrated = EvaluationInput.FromCells(cells, "X_pca_species_centered", "cell_type", "species", "demo");
        var baseline = EvaluationInput.FromCells(cells, "X_pca", "cell_type", "species", "demo");
        var result = Evaluator.Run(new EvaluationRequest(integrated) { Baseline = baseline });
        foreach (var metric in result.Integrated.Metrics)
        {
            output.WriteLine($"{metric.Name,-24} baseline {result.Baseline![metric.Name].Value,8:F4}  integrated {metric.Value,8:F4}  {metric.Note}");
        }

        foreach (var (step, seconds) in result.Timings)
        {
            output.WriteLine($"{step}: {seconds:F2} s");
        }

        foreach (var t in result.BaselineTransfers.Concat(result.Transfers))
        {
            output.WriteLine($"{t.ReferenceBatch} → {t.QueryBatch}: accuracy {t.Accuracy:F3}, macro-F1 {t.MacroF1:F3}");
        }

        // Species are far apart in the unintegrated PCA and closer after centring: iLISI must rise.
        Assert.True(result.Integrated["iLISI"].Value > result.Baseline!["iLISI"].Value);
        Assert.True(result.Integrated["PCR comparison"].Value > 0.5);
        // Cell types stay apart in both (the peers' Seurat row: cLISI 0.995, k-means NMI 0.718).
        Assert.InRange(result.Integrated["cLISI"].Value!.Value, 0.9, 1.0);
        Assert.InRange(result.Integrated["KMeans NMI"].Value!.Value, 0.4, 1.0);
        Assert.Equal(662, integrated.CellCount);
        Assert.Equal(
            ["umap_batch.png", "umap_cell_type.png", "umap_baseline_batch.png", "umap_baseline_cell_type.png", "confusion_human_to_mouse.png", "confusion_mouse_to_human.png", "composition.png"],
            result.Pictures.Keys);
        Assert.All(result.Pictures.Values, png => Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png.Take(4)));

        var folder = Environment.GetEnvironmentVariable("PLLM_EVALUATION_PICTURES");
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
            foreach (var (name, png) in result.Pictures)
            {
                File.WriteAllBytes(Path.Combine(folder, name), png);
            }

            HtmlReport.Write(result, Path.Combine(folder, "report.html"));
        }
    }
}
