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
    public void Predict_LogNormalisedXDeclaredLognorm_PredictsWhatTheRawCountsPredict()
    {
        var folder = TestPaths.NewTempFolder();
        var cells = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human.h5ad")).Data;
        for (var cell = 0; cell < cells.CellCount; cell++)
        {
            var total = cells.X.RowValues(cell).ToArray().Sum();
            var start = cells.X.RowPointers[cell];
            for (var k = start; k < cells.X.RowPointers[cell + 1]; k++)
            {
                cells.X.Values[k] = MathF.Log(1 + (cells.X.Values[k] * 1e4f / total));
            }
        }

        var logNormalised = Path.Combine(folder, "lognorm.h5ad");
        H5adWriter.Write(cells, logNormalised);
        var fromRaw = Path.Combine(folder, "raw.h5ad");
        var fromLog = Path.Combine(folder, "log.h5ad");

        var raw = CliRun.Of("predict", "--model", fitted.Model, "--input", TestPaths.Bundled("pancreas", "human.h5ad"), "--species", "human", "--out", fromRaw);
        var log = CliRun.Of("predict", "--model", fitted.Model, "--input", logNormalised, "--species", "human", "--input-kind", "lognorm", "--out", fromLog);
        var declaredCounts = CliRun.Of("predict", "--model", fitted.Model, "--input", logNormalised, "--species", "human", "--input-kind", "counts", "--out", fromLog);
        var declaredLog = CliRun.Of("predict", "--model", fitted.Model, "--input", TestPaths.Bundled("pancreas", "human.h5ad"), "--species", "human", "--input-kind", "lognorm", "--out", fromLog);

        Assert.True(raw.ExitCode == 0 && log.ExitCode == 0, raw.Error + log.Error);
        Assert.DoesNotContain("warning", log.Output, StringComparison.Ordinal);
        // expm1 of the stored float logarithms gives back the counts up to float rounding: same labels, embeddings within 1e-3.
        Assert.Equal(Labels(fromRaw, "pllm_best_cell_type"), Labels(fromLog, "pllm_best_cell_type"));
        Assert.All(Embedding(fromRaw).Zip(Embedding(fromLog)), pair => Assert.Equal(pair.First, pair.Second, 1e-3f));
        Assert.Equal(1, declaredCounts.ExitCode);
        Assert.Contains($"{logNormalised}, X: declared as counts, but holds non-integer values", declaredCounts.Error, StringComparison.Ordinal);
        Assert.Contains("--input-kind lognorm", declaredCounts.Error, StringComparison.Ordinal);
        Assert.Equal(1, declaredLog.ExitCode);
        Assert.Contains("X: declared as log-normalised, but looks like raw counts", declaredLog.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_Threads_SameAnnotationsForAnyCount_ZeroIsBadUsage()
    {
        var folder = TestPaths.NewTempFolder();
        var human = TestPaths.Bundled("pancreas", "human.h5ad");
        var one = Path.Combine(folder, "one.h5ad");
        var three = Path.Combine(folder, "three.h5ad");
        var runOne = CliRun.Of("predict", "--model", fitted.Model, "--input", human, "--species", "human", "--threads", "1", "--out", one);
        var runThree = CliRun.Of("predict", "--model", fitted.Model, "--input", human, "--species", "human", "--threads", "3", "--out", three);
        var none = CliRun.Of("predict", "--model", fitted.Model, "--input", human, "--species", "human", "--threads", "0", "--out", one);

        Assert.True(runOne.ExitCode == 0 && runThree.ExitCode == 0, runOne.Error + runThree.Error);
        Assert.Equal(Embedding(one), Embedding(three));
        Assert.Equal(Labels(one, "pllm_cell_type"), Labels(three, "pllm_cell_type"));
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--threads 0: must be at least 1", none.Error, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void Predict_QueryWithFewGenes_IsAnnotatedWithACoverageWarningOnStandardError()
    {
        var folder = TestPaths.NewTempFolder();
        var cells = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human.h5ad")).Data;
        var partial = Path.Combine(folder, "partial.h5ad");
        H5adWriter.Write(cells.SelectGenes([.. Enumerable.Range(0, cells.GeneCount).Where(gene => gene % 2 == 0)]), partial);
        var tooFew = Path.Combine(folder, "few.h5ad");
        H5adWriter.Write(cells.SelectGenes([.. Enumerable.Range(0, cells.GeneCount).Where(gene => gene % 40 == 0)]), tooFew);

        var run = CliRun.Of("predict", "--model", fitted.Model, "--input", partial, "--species", "human", "--out", Path.Combine(folder, "out.h5ad"));
        var refused = CliRun.Of("predict", "--model", fitted.Model, "--input", tooFew, "--species", "human", "--out", Path.Combine(folder, "few_out.h5ad"));
        var lowered = CliRun.Of("predict", "--model", fitted.Model, "--input", tooFew, "--species", "human", "--minimum-gene-coverage", "0.01", "--out", Path.Combine(folder, "few_out.h5ad"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"warning: {partial}: the query measured", run.Error, StringComparison.Ordinal);
        Assert.Contains("of their PCA loading mass", run.Error, StringComparison.Ordinal);
        var written = DataFiles.ReadCells(Path.Combine(folder, "out.h5ad")).Data;
        Assert.True(written.Uns.ContainsKey("pllm"));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"{tooFew}, var: The query measured", refused.Error, StringComparison.Ordinal);
        Assert.Contains("The most important missing genes:", refused.Error, StringComparison.Ordinal);
        Assert.True(lowered.ExitCode == 0, lowered.Error);
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

    private static string[] Labels(string h5ad, string key)
    {
        var cells = DataFiles.ReadCells(h5ad).Data;
        return [.. Enumerable.Range(0, cells.CellCount).Select(cell => cells.Obs[key].FormatValue(cell))];
    }

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
