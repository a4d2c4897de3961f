using System.Globalization;
using PllmML.Data;
using PllmML.Pipeline;
using PllmML.Pipeline.Configuration;

namespace PllmML.Comparative.Tests;

/// <summary>
/// The R code of <c>docs/scanpy-seurat.md</c> (the committed scripts <c>docs/r/*.R</c>, which the guide shows verbatim):
/// a real Seurat object's counts written with DropletUtils, <c>pllm run</c> on them with the guide's minimal config, and
/// the integrated.h5ad read back into Seurat with hdf5r; what R holds is compared with what .NET wrote.
/// </summary>
public class GuideRoundTripTests
{
    private static readonly string Guide = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "scanpy-seurat.md"));

    private static string Script(string name) => Path.Combine(TestPaths.RepositoryRoot, "docs", "r", name);

    [Theory]
    [InlineData("write_counts.R")]
    [InlineData("read_integrated.R")]
    public void Guide_ShowsTheTestedRScript_Verbatim(string name)
    {
        var code = File.ReadAllText(Script(name)).ReplaceLineEndings("\n");

        Assert.Contains($"(`docs/r/{name}`", Guide, StringComparison.Ordinal);
        Assert.Contains($"```r\n{code}```\n", Guide.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Guide_LinksTheH5adReader_AndSaysWhichRRoutesAreNotTested()
    {
        Assert.True(File.Exists(Script("read_h5ad.R")));
        Assert.Contains("[`docs/r/read_h5ad.R`](r/read_h5ad.R)", Guide, StringComparison.Ordinal);
        Assert.Contains("not run by the tests", Guide, StringComparison.Ordinal);
        Assert.DoesNotContain("the R code is not run by the tests", Guide, StringComparison.Ordinal);
    }

    [SeuratGuideFact]
    public void SeuratCounts_ThroughPllmRun_ReadBackInSeurat_EqualWhatDotNetWrote()
    {
        var work = TestPaths.NewTempFolder();
        var driver = Path.Combine(TestPaths.RepositoryRoot, "tests", "Comparative", "guide_r_roundtrip.R");

        // 1. A Seurat object of the bundled mouse cells -> docs/r/write_counts.R -> mouse_10x: exactly the counts.
        var write = ChildProcess.Run("/usr/bin/Rscript", [driver, "write", TestPaths.RepositoryRoot, work], timeout: TimeSpan.FromMinutes(5));
        Assert.True(write.ExitCode == 0, write.Output + write.Error);
        var written = DataFiles.ReadCells(Path.Combine(work, "mouse_10x")).Data;
        var bundled = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "mouse_mtx")).Data;
        Assert.Equal(822, written.CellCount);
        Assert.Equal(bundled.CellNames, written.CellNames);
        Assert.Equal(bundled.GeneNames, written.GeneNames);
        Assert.Equal(bundled.X.RowPointers, written.X.RowPointers);
        Assert.Equal(bundled.X.ColumnIndices, written.X.ColumnIndices);
        Assert.Equal(bundled.X.Values, written.X.Values);   // the counts, not Seurat's normalised "data"
        Assert.Equal(Column(bundled, "cell_type"), Column(written, "cell_type"));

        // 2. The guide's minimal config, its files beside it as the guide names them: pllm run my.json --out out/mine.
        var json = Guide[Guide.IndexOf("```json", StringComparison.Ordinal)..];
        json = json["```json".Length..json.IndexOf("```", "```json".Length, StringComparison.Ordinal)];
        Assert.Contains("\"mouse_10x/\"", json, StringComparison.Ordinal);
        File.Copy(TestPaths.Bundled("pancreas", "human.h5ad"), Path.Combine(work, "human_counts.h5ad"));
        File.Copy(TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv"), Path.Combine(work, "OrthG_Hs_Mm.tsv"));
        var configPath = Path.Combine(work, "my.json");
        File.WriteAllText(configPath, json);
        var config = RunConfiguration.Read(configPath);
        config.Evaluation.Pictures = false;   // the report's pictures play no part in what R reads
        var layout = new RunOutputLayout(Path.Combine(work, "out", "mine"));
        PllmRun.Execute(config, configPath, layout.Folder);
        var integrated = DataFiles.ReadCells(layout.Integrated).Data;
        Assert.Equal(175 + 822, integrated.CellCount);

        // 3. docs/r/read_integrated.R (hdf5r) and what Seurat then holds.
        var read = ChildProcess.Run("/usr/bin/Rscript", [driver, "read", TestPaths.RepositoryRoot, work], timeout: TimeSpan.FromMinutes(5));
        Assert.True(read.ExitCode == 0, read.Output + read.Error);
        Assert.True(new FileInfo(Path.Combine(work, "Rplots.pdf")).Length > 0, "DimPlot and FeaturePlot drew nothing");

        var summary = File.ReadLines(Path.Combine(work, "r_summary.tsv")).Skip(1).Select(line => line.Split('\t')).ToDictionary(f => f[0], f => f[1]);
        var embedding = integrated.Obsm["X_pllm"];
        Assert.Equal(integrated.CellCount.ToString(CultureInfo.InvariantCulture), summary["cells"]);
        Assert.Equal(integrated.GeneCount.ToString(CultureInfo.InvariantCulture), summary["genes"]);
        Assert.Equal(embedding.ColumnCount.ToString(CultureInfo.InvariantCulture), summary["pllm_dims"]);
        Assert.Equal("2", summary["umap_dims"]);
        Assert.Equal("TRUE", summary["species_factor"]);
        Assert.Equal("TRUE", summary["pllm_cell_type_factor"]);

        // Seurat's feature names turn '_' into '-'; nothing else changes.
        Assert.Equal(integrated.GeneNames.Select(gene => gene.Replace('_', '-')), File.ReadAllLines(Path.Combine(work, "r_genes.txt")));

        var rows = File.ReadLines(Path.Combine(work, "r_cells.tsv")).Skip(1).Select(line => line.Split('\t')).ToList();
        Assert.Equal(integrated.CellNames, rows.Select(f => f[0]));
        Assert.Equal(Column(integrated, "species"), rows.Select(f => f[1]));
        Assert.Equal(Column(integrated, "cell_type"), rows.Select(f => f[2]));
        Assert.Equal(Column(integrated, "pllm_cell_type"), rows.Select(f => f[3]));
        Assert.Equal(822, rows.Count(f => f[1] == "mouse"));
        Assert.Contains(rows, f => f[3] == "beta");
        var librarySizes = integrated.X.RowSums();
        for (var cell = 0; cell < rows.Count; cell++)
        {
            Assert.Equal(librarySizes[cell], double.Parse(rows[cell][4], CultureInfo.InvariantCulture), 6);
        }

        // X_pllm: float32 in the file, double in R, printed with 9 significant digits: the same float exactly.
        var rEmbedding = File.ReadAllLines(Path.Combine(work, "r_x_pllm.csv"));
        Assert.Equal(integrated.CellCount, rEmbedding.Length);
        for (var cell = 0; cell < rEmbedding.Length; cell++)
        {
            var values = rEmbedding[cell].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(embedding.Row(cell).ToArray(), values);
        }
    }

    [SeuratGuideFact]
    public void ReadH5ad_ReadsEveryKindOfObsColumn_AndXAndObsm_AsPllmWritesThem()
    {
        var obs = new AnnotationTable(["c1", "c2", "c3"]);
        obs.Set("type", new CategoricalColumn([1, -1, 0], ["alpha", "beta"]));
        obs.Set("note", new StringColumn(["a", "b", "c"]));
        obs.Set("missing_note", new StringColumn(["a", null, "c"]));
        obs.Set("flag", new BooleanColumn([true, false, true]));
        obs.Set("count", new NumericColumn([1, 2, 30], NumericType.Int32));
        obs.Set("score", new NumericColumn([0.25, -1.5, 3], NumericType.Float32));
        var cells = new CellMatrix(new CsrMatrix(3, 2, [0, 1, 2, 4], [0, 1, 0, 1], [1, 2, 3, 4]), obs, new AnnotationTable(["g1", "g_2"]));
        cells.Obsm["X_pllm"] = new DenseMatrix(3, 2, [0.5f, -1, 2, 3, 4, 5.25f]);
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "cells.h5ad");
        DataFiles.WriteCells(cells, path);

        var code = $"source('{Script("read_h5ad.R")}'); a <- read_pllm_h5ad('{path}'); "
            + "cat(sapply(a$obs, function(c) class(c)[1]), sep = ' '); cat('\\n'); "
            + "write.table(a$obs, stdout(), sep = '\\t', quote = FALSE, col.names = FALSE); "
            + "cat(dim(a$counts), rownames(a$counts), colnames(a$counts), as.vector(as.matrix(a$counts)), '\\n'); "
            + "cat(dim(a$obsm$X_pllm), rownames(a$obsm$X_pllm), as.vector(t(a$obsm$X_pllm)), '\\n')";
        var r = ChildProcess.Run("/usr/bin/Rscript", ["-e", code], timeout: TimeSpan.FromMinutes(2));

        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        Assert.Equal(
            [
                "factor character factor logical integer numeric",
                "c1\tbeta\ta\ta\tTRUE\t1\t0.25",
                "c2\tNA\tb\tNA\tFALSE\t2\t-1.5",
                "c3\talpha\tc\tc\tTRUE\t30\t3",
                // genes x cells, column-major: cell 1 (1, 0), cell 2 (0, 2), cell 3 (3, 4)
                "2 3 g1 g_2 c1 c2 c3 1 0 0 2 3 4 ",
                "3 2 c1 c2 c3 0.5 -1 2 3 4 5.25 ",
            ],
            r.Output.TrimEnd('\n').Split('\n'));
    }

    private static List<string> Column(CellMatrix cells, string name) =>
        [.. Enumerable.Range(0, cells.CellCount).Select(cells.Obs[name].FormatValue)];
}
