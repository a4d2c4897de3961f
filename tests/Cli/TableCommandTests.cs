namespace PllmML.Cli.Tests;

public class TableCommandTests
{
    [SharedDataFact]
    public void Table_SeedHmPairs_ReproducesSeedThreeSpeciesTable()
    {
        var output = Path.Combine(TestPaths.NewTempFolder(), "t.csv");
        var folder = TestPaths.Shared("orthologs");

        var run = CliRun.Of("table",
            "--pair", $"human,mice={Path.Combine(folder, "HM_O2O", "human_mice_o2o.csv")}",
            "--pair", $"mice,pig={Path.Combine(folder, "HM_O2O", "mice_pig_o2o.csv")}",
            "--out", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(folder, "Generate_Homologue_Table", "HM_O2O", "human_mice_pig.csv")), File.ReadAllText(output));
    }

    [Fact]
    public void Table_MalformedPair_IsBadUsage()
    {
        var run = CliRun.Of("table", "--pair", "human=a.csv", "--pair", "mice,pig=b.csv", "--out", "t.csv");

        Assert.Equal(PllmCommandLine.BadUsage, run.ExitCode);
        Assert.Contains("speciesA,speciesB=path", run.Error, StringComparison.Ordinal);
    }
}
