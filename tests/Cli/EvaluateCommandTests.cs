using System.Globalization;
using System.Text.Json;
using PllmML.Evaluation.Tests;

namespace PllmML.Cli.Tests;

public class EvaluateCommandTests
{
    private static readonly Lazy<string> Demo = new(() => PancreasDemo.Write(TestPaths.NewTempFolder()));

    [Fact]
    public void Evaluate_PancreasDemo_WritesMetricsReportAndPictures()
    {
        var folder = TestPaths.NewTempFolder();
        var json = Path.Combine(folder, "metrics.json");
        var report = Path.Combine(folder, "report.html");
        var pictures = Path.Combine(folder, "pictures");
        var geneMap = Path.Combine(folder, "predicted_pairs.csv");
        // A predicted map: 300 pairs of the reference, 100 wrong pairs (shifted partners), with a score column.
        var referenceMap = Path.Combine(folder, "reference_pairs.csv");
        var reference = File.ReadLines(TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv")).Skip(1).Select(l => l.Split('\t'))
            .Where(r => r[2].Length > 0 && r[4].Length > 0).DistinctBy(r => r[2]).DistinctBy(r => r[4]).Take(400).ToArray();
        File.WriteAllLines(referenceMap, ["human gene name,mouse gene name", .. reference.Select(r => $"{r[2]},{r[4]}")]);
        File.WriteAllLines(geneMap, [
            "human gene name,mouse gene name,correlation",
            .. reference.Take(300).Select((r, i) => string.Create(CultureInfo.InvariantCulture, $"{r[2]},{r[4]},{0.5 + (i / 1000.0)}")),
            .. reference.Skip(300).Select((r, i) => string.Create(CultureInfo.InvariantCulture, $"{r[2]},{reference[i][4]},{0.1 + (i / 1000.0)}")),
        ]);

        var run = CliRun.Of(
            "evaluate", "--input", Demo.Value, "--embedding", "X_pca_species_centered", "--baseline", "X_pca",
            "--label-key", "cell_type", "--batch-key", "species", "--out", json, "--report", report, "--pictures", pictures,
            "--gene-map", geneMap, "--reference-map", referenceMap);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("iLISI", run.Output, StringComparison.Ordinal);
        Assert.Contains("Label transfer mouse → human", run.Output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.Equal(662, root.GetProperty("cells").GetInt32());
        var integrated = root.GetProperty("integrated").GetProperty("metrics");
        var baseline = root.GetProperty("baseline").GetProperty("metrics");
        Assert.InRange(integrated.GetProperty("cLISI").GetDouble(), 0, 1);
        Assert.True(integrated.GetProperty("iLISI").GetDouble() > baseline.GetProperty("iLISI").GetDouble());
        Assert.InRange(integrated.GetProperty("Total").GetDouble(), 0, 1);
        Assert.Equal(2, root.GetProperty("integrated").GetProperty("label_transfer").GetArrayLength());
        var map = root.GetProperty("gene_map");
        Assert.Equal(400, map.GetProperty("predicted_pairs").GetInt32());
        Assert.Equal(300, map.GetProperty("shared_pairs").GetInt32());
        Assert.Equal(0.75, map.GetProperty("agreement").GetDouble(), 9);

        var html = File.ReadAllText(report);
        Assert.Equal(8, html.Split("data:image/png;base64,").Length - 1);
        Assert.Contains("<th>baseline</th>", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(pictures, "gene_map_scores.png")));
        Assert.True(File.Exists(Path.Combine(pictures, "umap_cell_type.png")));
    }

    [Fact]
    public void Evaluate_DeviceCuda_WritesTheCpuMetricsBitForBit()
    {
        // On a machine without CUDA the search falls back to the CPU with a note; with CUDA it runs on the GPU. Either way
        // metrics.json is the CPU's, timings aside.
        var folder = TestPaths.NewTempFolder();
        string Metrics(string device)
        {
            var json = Path.Combine(folder, $"{device}.json");
            var run = CliRun.Of("evaluate", "--input", Demo.Value, "--embedding", "X_pca_species_centered", "--baseline", "X_pca", "--out", json, "--device", device);
            Assert.True(run.ExitCode == 0, run.Error);
            var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json))!.AsObject();
            root.Remove("timings_seconds");
            return root.ToJsonString();
        }

        Assert.Equal(Metrics("cpu"), Metrics("cuda"));
        Assert.Equal(2, CliRun.Of("evaluate", "--input", Demo.Value, "--embedding", "X_pca", "--out", "m.json", "--device", "tpu").ExitCode);
    }

    [Fact]
    public void Evaluate_MissingEmbedding_ExitsOneAndListsTheKeys()
    {
        var run = CliRun.Of("evaluate", "--input", Demo.Value, "--embedding", "X_scVI", "--out", Path.Combine(TestPaths.NewTempFolder(), "m.json"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("obsm has: X_pca, X_pca_species_centered", run.Error, StringComparison.Ordinal);
        Assert.Contains(Demo.Value, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MissingLabelColumn_ExitsOneAndListsTheColumns()
    {
        var run = CliRun.Of("evaluate", "--input", Demo.Value, "--embedding", "X_pca", "--label-key", "celltype", "--out", Path.Combine(TestPaths.NewTempFolder(), "m.json"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("obs has: cell_type, species", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_GeneMapWithoutReference_IsBadUsage()
    {
        var run = CliRun.Of("evaluate", "--input", Demo.Value, "--embedding", "X_pca", "--out", "m.json", "--gene-map", "x.csv");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--reference-map", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WithoutOut_IsBadUsage()
    {
        var run = CliRun.Of("evaluate", "--input", "x.h5ad", "--embedding", "X_pca");
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void Evaluate_PredictionKeyWithoutTrainedOn_IsBadUsage()
    {
        var output = Path.Combine(TestPaths.NewTempFolder(), "metrics.json");

        var run = CliRun.Of("evaluate", "--input", "cells.h5ad", "--embedding", "X_pllm", "--out", output, "--prediction-key", "pllm_cell_type");

        Assert.Equal(PllmCommandLine.BadUsage, run.ExitCode);
        Assert.Contains("--trained-on", run.Error, StringComparison.Ordinal);
    }
}
