using PllmML.Data;

namespace PllmML.Cli.Tests;

public class ConvertCommandTests
{
    [Fact]
    public void Convert_H5adTo10xAndBack_KeepsMatrixNamesAndLabels()
    {
        var folder = TestPaths.NewTempFolder();
        var original = TestPaths.Bundled("pancreas", "human.h5ad");
        var tenX = Path.Combine(folder, "human_mtx");
        var back = Path.Combine(folder, "human.h5ad");

        var first = CliRun.Of("convert", original, tenX);
        var second = CliRun.Of("convert", tenX, back);

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Contains("10x Genomics folder", first.Output, StringComparison.Ordinal);
        var expected = DataFiles.ReadCells(original).Data;
        var actual = DataFiles.ReadCells(back).Data;
        Assert.Equal(expected.X.ToDense(), actual.X.ToDense());
        Assert.Equal(expected.CellNames, actual.CellNames);
        Assert.Equal(expected.GeneNames, actual.GeneNames);
        Assert.Equal(
            ((CategoricalColumn)expected.Obs["cell_type"]).Codes,
            ((CategoricalColumn)actual.Obs["cell_type"]).Codes);
    }

    [AnndataFact]
    public void Convert_10xToH5ad_AnndataReadsTheCounts()
    {
        var output = Path.Combine(TestPaths.NewTempFolder(), "mouse.h5ad");

        var run = CliRun.Of("convert", TestPaths.Bundled("pancreas", "mouse_mtx"), output);
        var summary = PythonPeer.Run("-c",
            "import anndata, sys; a = anndata.read_h5ad(sys.argv[1]); "
            + "print(a.shape, int(a.X.sum()), a.X.nnz, a.obs['cell_type'].value_counts()['beta'])", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("(822, 14878) 3075159 1164056 343", summary.Trim());
    }

    [Fact]
    public void Convert_OntoItself_IsRefusedAsBadUsage()
    {
        var path = TestPaths.Bundled("pancreas", "human.h5ad");

        var run = CliRun.Of("convert", path, path);

        Assert.Equal(PllmCommandLine.BadUsage, run.ExitCode);
    }

    [Fact]
    public void Convert_ProteinFasta_FailsSayingItIsNotSingleCellData()
    {
        var run = CliRun.Of(
            "convert", TestPaths.Bundled("proteins", "few_proteins.fasta"), Path.Combine(TestPaths.NewTempFolder(), "x.h5ad"));

        Assert.Equal(PllmCommandLine.BadInput, run.ExitCode);
        Assert.Contains("not single-cell data", run.Error, StringComparison.Ordinal);
    }
}
