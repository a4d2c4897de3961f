namespace PllmML.Cli.Tests;

public class HomologyCommandTests
{
    private static string Orthologs(params string[] parts) => TestPaths.Shared(["orthologs", .. parts]);

    [SharedDataFact]
    public void Homology_EnsOneToOne_ReproducesSeedFile()
    {
        var output = Path.Combine(TestPaths.NewTempFolder(), "o2o.csv");

        var run = CliRun.Of("homology", "--biomart", Orthologs("ENS_M2M", "human_mice_ENS_M2M.txt"), "--strategy", "ens-o2o", "--out", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllText(Orthologs("ENS_O2O", "human_mice.csv")), File.ReadAllText(output));
    }

    [SharedDataFact]
    public void Homology_HmO2o_SeedCountAndTieReport()
    {
        var output = Path.Combine(TestPaths.NewTempFolder(), "hm.csv");

        var run = CliRun.Of("homology", "--biomart", Orthologs("ENS_M2M", "mice_pig_ENS_M2M.txt"), "--strategy", "hm-o2o",
            "--names", "mice,pig", "--out", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(15_645 + 1, File.ReadLines(output).Count());
        Assert.StartsWith("mice gene name,pig gene name,identical_scores,orthology confidence", File.ReadLines(output).First(), StringComparison.Ordinal);
        Assert.Contains("35 accepted pairs were chosen among exact", run.Output.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void Homology_HybridWithoutLm_IsBadUsage()
    {
        var run = CliRun.Of("homology", "--biomart", Orthologs("ENS_M2M", "mice_pig_ENS_M2M.txt"), "--strategy", "hl-o2o", "--out", "x.csv");

        Assert.Equal(PllmCommandLine.BadUsage, run.ExitCode);
        Assert.Contains("--lm", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Homology_BiomartWithoutGeneColumns_IsBadInput()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "broken.txt");
        File.WriteAllLines(path, ["Something\tElse", "a\tb"]);

        var run = CliRun.Of("homology", "--biomart", path, "--strategy", "ens-m2m", "--out", path + ".csv");

        Assert.Equal(PllmCommandLine.BadInput, run.ExitCode);
        Assert.Contains("broken.txt", run.Error, StringComparison.Ordinal);
    }
}
