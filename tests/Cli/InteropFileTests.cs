using PllmML.Data;

namespace PllmML.Cli.Tests;

/// <summary>
/// <c>pllm inspect</c> and <c>pllm convert</c> on the files of anndata's and scanpy's own test suites (committed
/// under tests/Data): Cell Ranger .h5 of every layout, several genomes, anndata archives with LZF, without X, and
/// in the pre-0.7 layout.
/// </summary>
public class InteropFileTests
{
    private static string TenX(params string[] parts) =>
        Path.Combine([TestPaths.RepositoryRoot, "tests", "Data", "TenX", "Scanpy", .. parts]);

    private static string Archive(string version) =>
        Path.Combine(TestPaths.RepositoryRoot, "tests", "Data", "H5ad", "Archives", version, "adata.h5ad");

    [Theory]
    [InlineData("10x_data/1.2.0/filtered_gene_bc_matrices_h5.h5", "12 × 343", "sum 12,")]
    [InlineData("10x_data/3.0.0/filtered_feature_bc_matrix.h5", "1,107 × 507", "sum 41,549,")]
    [InlineData("visium_data/1.0.0/filtered_feature_bc_matrix.h5", "100 × 100", "sum 932,")]
    [InlineData("visium_data/2.1.0/raw_probe_bc_matrix.h5", "4,987 × 1,000", "sum 3,372,")]
    public void Inspect_CellRangerH5_DescribesIt(string file, string shape, string sum)
    {
        var run = CliRun.Of("inspect", TenX(file.Split('/')));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Cell Ranger HDF5 matrix", run.Output, StringComparison.Ordinal);
        Assert.Contains(shape, run.Output, StringComparison.Ordinal);
        Assert.Contains(sum, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_CellRanger3H5_NotesGenomeAndFeatureTypes()
    {
        var run = CliRun.Of("inspect", TenX("10x_data", "3.0.0", "filtered_feature_bc_matrix.h5"));

        Assert.Contains("genome GRCh38_chr21", run.Output, StringComparison.Ordinal);
        Assert.Contains("feature types: Gene Expression (507)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_MultiGenomeH5_ListsTheGenomesAndHowToChoose()
    {
        var run = CliRun.Of("inspect", TenX("10x_data", "1.2.0", "multiple_genomes.h5"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"│ another_genome\s+│ 343\s+│ 12\s+│ 12\s+│", run.Output);
        Assert.Matches(@"│ hg19_chr21\s+│ 343\s+│ 12\s+│ 12\s+│", run.Output);
        Assert.Contains("choose one with --genome", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_MultiGenomeH5WithGenome_DescribesThatGenome()
    {
        var run = CliRun.Of("inspect", TenX("10x_data", "1.2.0", "multiple_genomes.h5"), "--genome", "another_genome");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("12 × 343", run.Output, StringComparison.Ordinal);
        Assert.Contains("sum 13,", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_MultiGenomeH5_NeedsGenomeAndConvertsTheChosenOne()
    {
        var input = TenX("10x_data", "1.2.0", "multiple_genomes.h5");
        var output = Path.Combine(TestPaths.NewTempFolder(), "hg19.h5ad");

        var refused = CliRun.Of("convert", input, output);
        var converted = CliRun.Of("convert", input, output, "--genome", "hg19_chr21");

        Assert.Equal(PllmCommandLine.BadInput, refused.ExitCode);
        var line = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("holds 2 genomes (another_genome, hg19_chr21)", line, StringComparison.Ordinal);
        Assert.True(converted.ExitCode == 0, converted.Error);
        var data = DataFiles.ReadCells(output).Data;
        var expected = DataFiles.ReadCells(TenX("10x_data", "1.2.0", "filtered_gene_bc_matrices_h5.h5")).Data;
        Assert.Equal(expected.X.ToDense(), data.X.ToDense());
        Assert.Equal(expected.CellNames, data.CellNames);
    }

    [Theory]
    [InlineData("v0.7.0", "30 × 20", "228 stored values")]
    [InlineData("v0.7.8", "30 × 20", "239 stored values")]
    public void Inspect_Anndata07ArchiveWithLzf_DescribesIt(string version, string shape, string stored)
    {
        var run = CliRun.Of("inspect", Archive(version));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(shape, run.Output, StringComparison.Ordinal);
        Assert.Contains(stored, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ArchiveWithoutX_SaysThereIsNoX()
    {
        var run = CliRun.Of("inspect", Archive("v0.11.4"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("10 × 20", run.Output, StringComparison.Ordinal);
        Assert.Contains("none: the file stores no X", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("stored values", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_ArchiveWithoutXTo10x_FailsWithOneLineNamingTheFileAndX()
    {
        var run = CliRun.Of("convert", Archive("v0.11.4"), Path.Combine(TestPaths.NewTempFolder(), "tenx"));

        Assert.Equal(PllmCommandLine.BadInput, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{Archive("v0.11.4")}, /X: the file stores no X", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_PreAnndata07Archive_DescribesItAndNotesTheLayout()
    {
        var run = CliRun.Of("inspect", Archive("v0.5.0"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("700 × 765", run.Output, StringComparison.Ordinal);
        Assert.Contains("written by anndata < 0.7", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"│ Dendritic\s+│ 240\s+│", run.Output);
    }
}
