using PllmML.Data;

namespace PllmML.Cli.Tests;

public class FitCommandTests
{
    [Fact]
    public void FitWithConfig_ThenPredict_WritesEmbeddingAndLabels()
    {
        var folder = TestPaths.NewTempFolder();
        var model = Path.Combine(folder, "pancreas.zip");
        var annotated = Path.Combine(folder, "human.h5ad");

        var fit = CliRun.Of("fit", "--config", Path.Combine(TestPaths.RepositoryRoot, "configs", "pancreas-human-mouse.json"), "--out", model);
        var predict = CliRun.Of("predict", "--model", model, "--input", TestPaths.Bundled("pancreas", "human.h5ad"), "--species", "human", "--out", annotated);

        Assert.True(fit.ExitCode == 0, fit.Error + fit.Output);
        Assert.Contains("Harmony", fit.Output, StringComparison.Ordinal);
        Assert.Contains("175 human + 487 mouse cells", fit.Output, StringComparison.Ordinal);
        Assert.True(predict.ExitCode == 0, predict.Error + predict.Output);
        var cells = DataFiles.ReadCells(annotated).Data;
        Assert.Equal((175, 50), (cells.Obsm["X_pllm"].RowCount, cells.Obsm["X_pllm"].ColumnCount));
        Assert.True(cells.Obs.TryGetColumn("pllm_cell_type", out var labels));
        Assert.All(Enumerable.Range(0, 175), cell => Assert.Contains(labels.FormatValue(cell), new[] { "alpha", "beta", "delta", "macrophage", "stellate", "unknown" }));
        Assert.All(Enumerable.Range(0, 175), cell => Assert.Contains(cells.Obs["pllm_best_cell_type"].FormatValue(cell), new[] { "alpha", "beta", "delta", "macrophage", "stellate" }));
        Assert.All(["pllm_prediction_set", "pllm_runner_up", "pllm_confidence", "pllm_mapping_distance", "pllm_call_status"], key => Assert.True(cells.Obs.TryGetColumn(key, out _), key));
        Assert.True(cells.Obs.TryGetColumn("pllm_probability_beta", out _));

        var unknown = CliRun.Of("predict", "--model", model, "--input", TestPaths.Bundled("pancreas", "human.h5ad"), "--species", "zebrafish", "--out", annotated);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("'zebrafish' is not in the model", unknown.Error, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    /// <summary>
    /// <c>--integration scanvi</c>: the model trains a (small, few-epoch) scANVI network, saves as one zip, and
    /// <c>pllm predict</c> in another process serves its latent as <c>X_pllm</c> and its classifier's cell types.
    /// </summary>
    [Fact]
    public void FitWithIntegrationScanvi_ThenPredict_ServesTheNetworksLatentAndCellTypes()
    {
        var folder = TestPaths.NewTempFolder();
        var config = Path.Combine(folder, "fit.json");
        File.WriteAllText(config, $$"""
            { "inputs": [ { "path": "{{TestPaths.Bundled("pancreas", "human.h5ad")}}", "species": "human", "labelKey": "cell_type" },
                          { "path": "{{TestPaths.Bundled("pancreas", "mouse.h5ad")}}", "species": "mouse", "labelKey": "cell_type" } ],
              "homology": { "path": "{{TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv")}}" },
              "trainSpecies": [ "mouse" ], "keepLabels": [ "alpha", "beta", "delta", "macrophage", "stellate" ],
              "variableGenes": { "topGenes": 300 },
              "integration": { "scvi": { "nHidden": 32, "nLatent": 6, "maxEpochs": 3, "klWarmupEpochs": 3, "threads": 1 }, "scanvi": { "maxEpochs": 2 } } }
            """);
        var model = Path.Combine(folder, "model.zip");
        var annotated = Path.Combine(folder, "human.h5ad");

        var fit = CliRun.Of("fit", "--config", config, "--integration", "scanvi", "--out", model);
        var predict = CliRun.Of("predict", "--model", model, "--input", TestPaths.Bundled("pancreas", "human.h5ad"), "--species", "human", "--out", annotated);

        Assert.True(fit.ExitCode == 0, fit.Error + fit.Output);
        var manifest = Trainers.SingleCell.SingleCellModel.ReadManifest(model);
        Assert.StartsWith("scanvi: scVI 3 epochs, then scANVI 2 epochs", manifest.Parameters["integration"], StringComparison.Ordinal);
        Assert.Equal(6, manifest.EmbeddingDimensions);
        Assert.True(predict.ExitCode == 0, predict.Error + predict.Output);
        var cells = DataFiles.ReadCells(annotated).Data;
        Assert.Equal((175, 6), (cells.Obsm["X_pllm"].RowCount, cells.Obsm["X_pllm"].ColumnCount));
        Assert.All(Enumerable.Range(0, 175), cell => Assert.Contains(cells.Obs["pllm_best_cell_type"].FormatValue(cell), new[] { "alpha", "beta", "delta", "macrophage", "stellate" }));

        var wrong = CliRun.Of("fit", "--config", config, "--integration", "umap", "--out", model);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("--integration umap: expected harmony, scvi, scanvi", wrong.Error, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void FitCoverage_FromConfigOrFlag_IsStoredInTheModel_AndPredictOverridesIt()
    {
        var folder = TestPaths.NewTempFolder();
        var config = Path.Combine(folder, "fit.json");
        File.WriteAllText(config, $$"""
            { "inputs": [ { "path": "{{TestPaths.Bundled("pancreas", "human.h5ad")}}", "species": "human" },
                          { "path": "{{TestPaths.Bundled("pancreas", "mouse.h5ad")}}", "species": "mouse", "labelKey": "cell_type" } ],
              "homology": { "path": "{{TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv")}}" }, "coverage": 0.8 }
            """);
        var model = Path.Combine(folder, "model.zip");
        var annotated = Path.Combine(folder, "human.h5ad");

        var fit = CliRun.Of("fit", "--config", config, "--coverage", "0.9", "--out", model);
        var byModel = CliRun.Of("predict", "--model", model, "--input", TestPaths.Bundled("pancreas", "human.h5ad"), "--species", "human", "--out", annotated);
        var modelSets = DataFiles.ReadCells(annotated).Data.Obs["pllm_prediction_set"];
        var overridden = CliRun.Of("predict", "--model", model, "--input", TestPaths.Bundled("pancreas", "human.h5ad"), "--species", "human", "--coverage", "0.99", "--out", annotated);
        var wideSets = DataFiles.ReadCells(annotated).Data.Obs["pllm_prediction_set"];

        Assert.True(fit.ExitCode == 0, fit.Error + fit.Output);
        Assert.Contains("calibrated at coverage 0.9.", fit.Output, StringComparison.Ordinal);
        Assert.Equal(0.9, PllmML.Trainers.SingleCell.SingleCellModel.ReadManifest(model).Coverage);
        Assert.True(byModel.ExitCode == 0 && overridden.ExitCode == 0, byModel.Error + overridden.Error);
        // A higher level never gives a type fewer cells' sets: every set at 0.99 holds the set at 0.9.
        static string[] Set(PllmML.Data.AnnotationColumn column, int cell) => column.FormatValue(cell).Split('|', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(Enumerable.Range(0, 175), cell => Assert.Superset(Set(modelSets, cell).ToHashSet(), Set(wideSets, cell).ToHashSet()));
        Assert.True(Enumerable.Range(0, 175).Sum(cell => Set(wideSets, cell).Length) > Enumerable.Range(0, 175).Sum(cell => Set(modelSets, cell).Length));

        // The config's level when no flag is given, validated like every other key.
        Assert.Equal(0.8, PllmML.Pipeline.Configuration.RunConfiguration.Read(config).ToPipelineOptions("human").Coverage);
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"coverage\": 0.8", "\"coverage\": 1.5", StringComparison.Ordinal));
        var badConfig = CliRun.Of("fit", "--config", config, "--out", Path.Combine(folder, "bad.zip"));
        var badFlag = CliRun.Of("fit", "--input", TestPaths.Bundled("pancreas", "human.h5ad") + "=human", "--input", TestPaths.Bundled("pancreas", "mouse.h5ad") + "=mouse",
            "--homology", TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv"), "--label-key", "cell_type", "--coverage", "1", "--out", Path.Combine(folder, "bad.zip"));
        Assert.Equal(1, badConfig.ExitCode);
        Assert.Contains($"{config}, coverage: 1.5: must lie strictly between 0 and 1", badConfig.Error, StringComparison.Ordinal);
        Assert.Equal(2, badFlag.ExitCode);
        Assert.Contains("--coverage 1: must lie strictly between 0 and 1", badFlag.Error, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void FitWithFlags_OneInput_IsBadUsage()
    {
        var run = CliRun.Of("fit", "--input", TestPaths.Bundled("pancreas", "human.h5ad") + "=human", "--out", "x.zip");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("at least two --input", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void FitWithFlags_MissingLabelColumn_NamesTheFile()
    {
        var folder = TestPaths.NewTempFolder();
        var mouse = TestPaths.Bundled("pancreas", "mouse.h5ad");
        var run = CliRun.Of("fit", "--input", TestPaths.Bundled("pancreas", "human.h5ad") + "=human", "--input", mouse + "=mouse",
            "--homology", TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv"), "--label-key", "celltype", "--train-species", "mouse",
            "--out", Path.Combine(folder, "m.zip"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no label column 'celltype'", run.Error, StringComparison.Ordinal);
        Assert.Contains("human.h5ad", run.Error, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [Theory]
    [InlineData("{ \"path\": null, \"species\": \"human\" }", "inputs[0].path", "null is not allowed")]
    [InlineData("null", "inputs[0]", "null")]
    [InlineData("{ \"path\": \"HUMAN\", \"species\": \"\" }", "inputs[0].species", "missing species name")]
    public void FitConfig_BadInput_IsBadDataNamingTheConfigAndField(string firstInput, string field, string problem)
    {
        var folder = TestPaths.NewTempFolder();
        var config = Path.Combine(folder, "fit.json");
        File.WriteAllText(config, $$"""
            { "inputs": [ {{firstInput.Replace("HUMAN", TestPaths.Bundled("pancreas", "human.h5ad"), StringComparison.Ordinal)}},
                          { "path": "{{TestPaths.Bundled("pancreas", "mouse.h5ad")}}", "species": "mouse", "labelKey": "cell_type" } ],
              "homology": { "path": "{{TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv")}}" } }
            """);

        var run = CliRun.Of("fit", "--config", config, "--out", Path.Combine(folder, "model.zip"));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{config}, {field}: {problem}", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "model.zip")));
        Directory.Delete(folder, true);
    }

    [Fact]
    public void Predict_MissingModel_IsBadUsage()
    {
        var run = CliRun.Of("predict", "--model", "/nonexistent/model.zip", "--input", TestPaths.Bundled("pancreas", "human.h5ad"), "--species", "human", "--out", "/tmp/x.h5ad");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/nonexistent/model.zip does not exist", run.Error, StringComparison.Ordinal);
    }
}
