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
    public void Homology_HybridWithEmbeddings_UnionOfDatabaseAndLanguageModel()
    {
        var folder = TestPaths.NewTempFolder();
        var biomart = Path.Combine(folder, "human_mice.txt");
        File.WriteAllLines(biomart, [
            "Gene name\tMouse gene name\tMouse homology type\t%id. target Mouse gene identical to query gene\t"
                + "%id. query gene identical to target Mouse gene\tMouse Gene-order conservation score\t"
                + "Mouse Whole-genome alignment coverage\tMouse orthology confidence [0 low, 1 high]",
            "H1\tM1\tortholog_one2one\t90\t90\t100\t100\t1",
            "H2\tM2\tortholog_one2many\t50\t50\t50\t50\t0",
            "H2\tM3\tortholog_one2many\t40\t40\t50\t50\t0",
            "H4\t\t\t\t\t\t\t",
        ]);
        var human = Path.Combine(folder, "human.tsv");
        var mouse = Path.Combine(folder, "mice.tsv");
        File.WriteAllLines(human, ["H1\t1\t2\t3\t4", "H2\t4\t1\t2\t3", "H3\t2\t4\t1\t3"]);
        File.WriteAllLines(mouse, ["M1\t1\t2\t3\t4.5", "M2\t4\t1.2\t2\t3", "M3\t2\t4\t1.1\t3"]);
        var output = Path.Combine(folder, "hl.csv");

        var run = CliRun.Of("homology", "--biomart", biomart, "--strategy", "hl-o2o", "--lm", human, "--lm", mouse,
            "--names", "human,mice", "--out", output);
        var lines = File.ReadAllLines(output);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("human gene name,mice gene name,correlation,identical_scores,orthology confidence,combo_score", lines[0]);
        Assert.Equal(["H1,M1", "H2,M2", "H3,M3"], lines.Skip(1).Select(line => string.Join(',', line.Split(',')[..2])).Order());
        var first = lines[1].Split(',');
        Assert.Equal(("H1", "M1", "90.0", "1.0"), (first[0], first[1], first[3], first[4]));
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
