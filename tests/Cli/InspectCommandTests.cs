namespace PllmML.Cli.Tests;

public class InspectCommandTests
{
    [Fact]
    public void Inspect_BundledH5ad_PrintsShapeSumAndCellTypeCounts()
    {
        var run = CliRun.Of("inspect", TestPaths.Bundled("pancreas", "human.h5ad"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("175 × 12,474", run.Output, StringComparison.Ordinal);
        Assert.Contains("sum 914,747", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"│ alpha\s+│ 35\s+│", run.Output);
        Assert.Matches(@"│ human3\s+│ 58\s+│", run.Output);
    }

    [Fact]
    public void Inspect_Bundled10xFolder_PrintsShapeAndCellTypeCountsFromCellsTsv()
    {
        var run = CliRun.Of("inspect", TestPaths.Bundled("pancreas", "mouse_mtx"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("822 × 14,878", run.Output, StringComparison.Ordinal);
        Assert.Contains("sum 3,075,159", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"│ beta\s+│ 343\s+│", run.Output);
        Assert.Matches(@"│ b_cell\s+│ 2\s+│", run.Output);
    }

    [Fact]
    public void Inspect_MatrixFileOfA10xFolder_InspectsTheFolder()
    {
        var run = CliRun.Of("inspect", TestPaths.Bundled("pancreas", "human_mtx", "matrix.mtx.gz"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("175 × 12,474", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ProteinFasta_PrintsRecordsAndWhatCleaningDrops()
    {
        var run = CliRun.Of("inspect", TestPaths.Bundled("proteins", "human_mouse_refog_proteins.fa"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("384 kept of 386 read", run.Output, StringComparison.Ordinal);
        Assert.Contains("dropped: StopCodon", run.Output, StringComparison.Ordinal);
        Assert.Contains("ENSP00000486295", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_CacimarTable_PrintsRowsAndTypeCounts()
    {
        var run = CliRun.Of("inspect", TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("16,754", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"│ hs_mm_1T1\s+│ 16,470\s+│", run.Output);
    }

    [Fact]
    public void Inspect_SeveralFiles_PrintsEachInTurn()
    {
        var run = CliRun.Of(
            "inspect", TestPaths.Bundled("pancreas", "human.h5ad"), TestPaths.Bundled("pancreas", "mouse.h5ad"));

        Assert.Equal(0, run.ExitCode);
        Assert.True(
            run.Output.IndexOf("175 × 12,474", StringComparison.Ordinal)
            < run.Output.IndexOf("822 × 14,878", StringComparison.Ordinal));
    }

    [Fact]
    public void Inspect_TextThatIsNoSupportedInput_FailsWithOneLineNamingTheFile()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "notes.txt");
        File.WriteAllText(path, "These are my notes about the pancreas.\nNothing tabular here.\n");

        var run = CliRun.Of("inspect", path);

        Assert.Equal(PllmCommandLine.BadInput, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(path, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_BinaryFile_SaysItIsAnUnsupportedBinary()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "object.rds");
        File.WriteAllBytes(path, [0x58, 0x0a, 0, 0, 0, 3, 0, 4, 2, 1]);

        var run = CliRun.Of("inspect", path);

        Assert.Equal(PllmCommandLine.BadInput, run.ExitCode);
        Assert.Contains("binary file", run.Error, StringComparison.Ordinal);
    }

    [SharedDataTheory]
    [InlineData("pancreas/human.h5ad", "175 × 12,474", "sum 914,747")]
    [InlineData("pancreas/mouse.h5ad", "822 × 14,878", "sum 3,075,159")]
    [InlineData("pancreas/human_mtx", "175 × 12,474", "sum 914,747")]
    [InlineData("pancreas/mouse_mtx", "822 × 14,878", "sum 3,075,159")]
    [InlineData("orthologs/ENS_M2M/human_mice_ENS_M2M.txt", "92,566", "ortholog_one2one")]
    [InlineData("orthologs/ENS_O2O/human_mice.csv", "17,088", "17,085 unique")]
    [InlineData("orthologs/HM_O2O/human_mice_o2o.csv", "18,352", "one-to-one")]
    [InlineData("orthologs/LM_O2O/human_mice_LM_O2O.csv", "16,119", "one-to-one")]
    [InlineData("orthologs/HL_O2O/human_mice_union_greedy.csv", "19,261", "one-to-one")]
    [InlineData("orthologs/CACIMAR/derived/OrthG_Hs_Mm.tsv", "16,754", "hs_mm_1T1")]
    [InlineData("orthologs/HL_O2O/human_mice_diff_correlation.txt", "7,370", "only_in_union")]
    [InlineData("orthologs/Generate_Homologue_Table/HM_O2O/human_mice_pig.csv", "15,500 rows", "pig gene name")]
    public void Inspect_ReferenceData_PrintsTheDocumentedCounts(string file, string first, string second)
    {
        var run = CliRun.Of("inspect", TestPaths.Shared(file.Split('/')));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(first, run.Output, StringComparison.Ordinal);
        Assert.Contains(second, run.Output, StringComparison.Ordinal);
    }
}
