using PllmML.Data;
using PllmML.Data.H5ad;

namespace PllmML.Cli.Tests;

/// <summary>Where fit, run and predict take the raw counts from, and what they say when X does not hold counts.</summary>
public class CountMatrixTests(CountMatrixTests.PancreasModel fitted) : IClassFixture<CountMatrixTests.PancreasModel>
{
    [Fact]
    public void Fit_ConfigCountsNamesAMissingLayer_FailsBeforeFittingNamingFileAndLayer()
    {
        var folder = TestPaths.NewTempFolder();
        var config = Path.Combine(folder, "fit.json");
        var human = TestPaths.Bundled("pancreas", "human.h5ad");
        File.WriteAllText(config, $$"""
            { "inputs": [ { "path": "{{human}}", "species": "human", "counts": "counts" },
                          { "path": "{{TestPaths.Bundled("pancreas", "mouse.h5ad")}}", "species": "mouse", "labelKey": "cell_type" } ],
              "homology": { "path": "{{TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv")}}" } }
            """);

        var run = CliRun.Of("fit", "--config", config, "--out", Path.Combine(folder, "model.zip"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{human}, layers/counts: no such layer", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_CountsFlag_AppliesToEveryInput()
    {
        var folder = TestPaths.NewTempFolder();
        var mouse = TestPaths.Bundled("pancreas", "mouse.h5ad");

        var run = CliRun.Of("fit", "--input", $"{TestPaths.Bundled("pancreas", "human.h5ad")}=human", "--input", $"{mouse}=mouse",
            "--homology", TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv"), "--counts", "raw", "--out", Path.Combine(folder, "model.zip"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the file has no .raw", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_LogNormalisedX_WarnsAndNamesTheCountsLayer_AndCountsOptionGivesTheRawCountsPrediction()
    {
        var folder = TestPaths.NewTempFolder();
        var scanpyStyle = WriteScanpyStyle(folder);
        var fromRaw = Path.Combine(folder, "raw.h5ad");
        var fromLog = Path.Combine(folder, "log.h5ad");
        var fromLayer = Path.Combine(folder, "layer.h5ad");

        var raw = CliRun.Of("predict", "--model", fitted.Model, "--input", TestPaths.Bundled("pancreas", "human.h5ad"), "--species", "human", "--out", fromRaw);
        var log = CliRun.Of("predict", "--model", fitted.Model, "--input", scanpyStyle, "--species", "human", "--out", fromLog);
        var layer = CliRun.Of("predict", "--model", fitted.Model, "--input", scanpyStyle, "--species", "human", "--counts", "counts", "--out", fromLayer);

        Assert.True(raw.ExitCode == 0 && log.ExitCode == 0 && layer.ExitCode == 0, raw.Error + log.Error + layer.Error);
        Assert.DoesNotContain("warning", raw.Output, StringComparison.Ordinal);
        var warning = log.Output.ReplaceLineEndings("");
        Assert.Contains($"warning: {scanpyStyle}: X holds non-integer values", warning, StringComparison.Ordinal);
        Assert.Contains("whole-number matrices in counts", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", layer.Output, StringComparison.Ordinal);
        Assert.Equal(Embedding(fromRaw), Embedding(fromLayer));
        Assert.NotEqual(Embedding(fromRaw), Embedding(fromLog));
    }

    [Fact]
    public void Predict_NegativeValues_FailWithOneLineNamingTheFileAndMatrix()
    {
        var folder = TestPaths.NewTempFolder();
        var cells = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human.h5ad")).Data;
        cells.X.Values[3] = -1.5f;
        var scaled = Path.Combine(folder, "scaled.h5ad");
        DataFiles.WriteCells(cells, scaled);

        var run = CliRun.Of("predict", "--model", fitted.Model, "--input", scaled, "--species", "human", "--out", Path.Combine(folder, "out.h5ad"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{scaled}, X: holds negative values (-1.5 for cell", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Predict_MissingLayerOrRaw_FailsNamingWhatTheFileHas()
    {
        var folder = TestPaths.NewTempFolder();
        var human = TestPaths.Bundled("pancreas", "human.h5ad");

        var layer = CliRun.Of("predict", "--model", fitted.Model, "--input", human, "--species", "human", "--counts", "spliced", "--out", Path.Combine(folder, "a.h5ad"));
        var raw = CliRun.Of("predict", "--model", fitted.Model, "--input", human, "--species", "human", "--counts", "raw", "--out", Path.Combine(folder, "b.h5ad"));

        Assert.Equal(1, layer.ExitCode);
        Assert.Contains("layers/spliced: no such layer (layers: none;", layer.Error, StringComparison.Ordinal);
        Assert.Equal(1, raw.ExitCode);
        Assert.Contains("the file has no .raw", raw.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_OutIsNotH5ad_IsABadUsageThatSaysWhy()
    {
        var run = CliRun.Of("predict", "--model", fitted.Model, "--input", TestPaths.Bundled("pancreas", "human.h5ad"), "--species", "human",
            "--out", Path.Combine(TestPaths.NewTempFolder(), "annotated_mtx"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("a 10x folder has no place for the X_pllm embedding", run.Error, StringComparison.Ordinal);
    }

    /// <summary>The bundled human cells as a scanpy workflow leaves them: counts in layers["counts"], log1p in X.</summary>
    private static string WriteScanpyStyle(string folder)
    {
        var cells = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human.h5ad")).Data;
        var counts = new CsrMatrix(cells.X.RowCount, cells.X.ColumnCount, cells.X.RowPointers, cells.X.ColumnIndices, [.. cells.X.Values]);
        for (var i = 0; i < cells.X.Values.Length; i++)
        {
            cells.X.Values[i] = MathF.Log(1 + cells.X.Values[i]);
        }

        cells.Layers["counts"] = counts;
        var path = Path.Combine(folder, "scanpy_style.h5ad");
        H5adWriter.Write(cells, path);
        return path;
    }

    private static float[] Embedding(string h5ad) => DataFiles.ReadCells(h5ad).Data.Obsm["X_pllm"].Values;

    /// <summary>One model fitted by `pllm fit` on the bundled pancreas config, shared by the tests.</summary>
    public sealed class PancreasModel
    {
        public PancreasModel()
        {
            Model = Path.Combine(TestPaths.NewTempFolder(), "pancreas.zip");
            var fit = CliRun.Of("fit", "--config", Path.Combine(TestPaths.RepositoryRoot, "configs", "pancreas-human-mouse.json"), "--out", Model);
            Assert.True(fit.ExitCode == 0, fit.Error);
        }

        public string Model { get; }
    }
}
