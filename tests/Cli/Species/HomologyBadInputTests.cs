namespace PllmML.Cli.Tests.Species;

/// <summary>
/// Issue #14's bad input, through <c>pllm fit</c>: a table naming a species that is not an input, a table whose column
/// matches no input's genes, a species with no homology path to the reference — each one line on standard error, exit
/// code 1 (bad input data), naming the table and the species, before anything is fitted.
/// </summary>
public class HomologyBadInputTests
{
    private static readonly string Human = TestPaths.Bundled("pancreas", "human.h5ad");
    private static readonly string Mouse = TestPaths.Bundled("pancreas", "mouse.h5ad");

    [Fact]
    public void TwoSpecies_ATableNamingASpeciesThatIsNotAnInput_IsOneLineNamingTableAndSpecies()
    {
        var folder = TestPaths.NewTempFolder();
        var table = Write(folder, "human_zebrafish.csv", "human gene name,zebrafish gene name", "INS,ins", "GCG,gcga");

        var line = FailsInOneLine(folder, "--input", Human + "=human", "--input", Mouse + "=mouse", "--homology", table);

        Assert.Contains(table, line, StringComparison.Ordinal);
        Assert.Contains("column 'zebrafish gene name'", line, StringComparison.Ordinal);
        Assert.Contains("the table names species 'zebrafish', which is not among the inputs (human, mouse)", line, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void TwoSpecies_AColumnMatchingNoGeneOfTheOtherInput_IsOneLineNamingTableColumnAndSpecies()
    {
        var folder = TestPaths.NewTempFolder();
        var table = Write(folder, "human_mouse_typos.csv", "human gene name,mouse gene name", "INS,Inz1", "GCG,Gcgg");

        var line = FailsInOneLine(folder, "--input", Human + "=human", "--input", Mouse + "=mouse", "--homology", table);

        Assert.Contains(table, line, StringComparison.Ordinal);
        Assert.Contains("column 'mouse gene name'", line, StringComparison.Ordinal);
        Assert.Contains("species 'mouse': no gene of the column is a gene of the mouse input", line, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void TwoSpecies_ATableWithNoGeneOfEitherInput_IsOneLineNamingTableAndReference()
    {
        var folder = TestPaths.NewTempFolder();
        var table = Write(folder, "other_genes.csv", "gene a,gene b", "QQQ1,qqq1", "QQQ2,qqq2");

        var line = FailsInOneLine(folder, "--input", Human + "=human", "--input", Mouse + "=mouse", "--homology", table);

        Assert.Contains(table, line, StringComparison.Ordinal);
        Assert.Contains("no gene of the table is a 'human' gene", line, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void ThreeSpecies_ASpeciesWithoutAHomologyPathToTheReference_IsOneLineNamingTheSpeciesAndTables()
    {
        var folder = TestPaths.NewTempFolder();
        var cacimar = TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv");

        var line = FailsInOneLine(folder, "--input", Human + "=human", "--input", Mouse + "=mouse", "--input", Human + "=pig", "--homology", "mouse=" + cacimar);

        Assert.Contains(cacimar, line, StringComparison.Ordinal);
        Assert.Contains("no homology path from species 'pig' to the reference 'human'", line, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void ThreeSpecies_ATableForASpeciesThatIsNotAnInput_IsOneLineNamingTableAndSpecies()
    {
        var folder = TestPaths.NewTempFolder();
        var table = Write(folder, "human_rat.csv", "human gene name,rat gene name", "INS,Ins1");

        var line = FailsInOneLine(folder, "--input", Human + "=human", "--input", Mouse + "=mouse", "--input", Human + "=pig",
            "--homology", "mouse=" + TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv"), "--homology", "pig=" + table);

        Assert.Contains(table, line, StringComparison.Ordinal);
        Assert.Contains("species 'rat'", line, StringComparison.Ordinal);
        Assert.Contains("not among the inputs (human, mouse, pig)", line, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    private static string FailsInOneLine(string folder, params string[] arguments)
    {
        var model = Path.Combine(folder, "model.zip");
        var run = CliRun.Of(["fit", .. arguments, "--label-key", "cell_type", "--out", model]);

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Error}{run.Output}");
        Assert.False(File.Exists(model));
        return Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Write(string folder, string name, params string[] lines)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
