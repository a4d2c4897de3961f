using PllmML.Data.Orthologs;

namespace PllmML.Cli.Tests;

public class MapCommandTests
{
    private static string Fixture(string name) =>
        Path.Combine(TestPaths.RepositoryRoot, "tests", "Kernels", "Similarity", "Fixtures", name);

    [Fact]
    public void Map_Greedy_WritesOriginalLayoutOneToOne()
    {
        var output = Path.Combine(TestPaths.NewTempFolder(), "pairs.csv");

        var run = CliRun.Of("map", "--from", Fixture("a.tsv"), "--to", Fixture("b.tsv"), "--strategy", "greedy",
            "--names", "human,mice", "--top-k", "3", "--threads", "2", "--out", output);
        var table = GenePairTableReader.Read(output);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("human gene name,mice gene name,correlation", File.ReadLines(output).First());
        Assert.Equal(("g3", "g5"), (table.Pairs[0].GeneA, table.Pairs[0].GeneB));
        Assert.Equal(table.Count, table.Pairs.Select(p => p.GeneA).Distinct().Count());
        Assert.Equal(table.Count, table.Pairs.Select(p => p.GeneB).Distinct().Count());
        Assert.Contains($"{table.Count} pairs (greedy, pearson, top-3)", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mbh")]
    [InlineData("stable")]
    [InlineData("many")]
    public void Map_OtherStrategies_Succeed(string strategy)
    {
        var output = Path.Combine(TestPaths.NewTempFolder(), "pairs.csv");

        var run = CliRun.Of("map", "--from", Fixture("a.tsv"), "--to", Fixture("b.tsv"), "--strategy", strategy,
            "--metric", "cosine", "--min-score", "0.05", "--out", output);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("a gene name,b gene name,cosine", File.ReadLines(output).First(), StringComparison.Ordinal);
        Assert.All(GenePairTableReader.Read(output).Pairs, pair => Assert.True(pair.Score >= 0.05));
    }

    [Fact]
    public void Map_ZeroVector_FailsNamingFileAndGene()
    {
        var folder = TestPaths.NewTempFolder();
        var bad = Path.Combine(folder, "bad.tsv");
        File.WriteAllLines(bad, ["ok\t1\t2\t3", "Zero1\t0\t0\t0"]);

        var run = CliRun.Of("map", "--from", bad, "--to", bad, "--metric", "cosine", "--out", Path.Combine(folder, "x.csv"));

        Assert.Equal(PllmCommandLine.BadInput, run.ExitCode);
        Assert.Contains("bad.tsv", run.Error, StringComparison.Ordinal);
        Assert.Contains("'Zero1'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_UnknownStrategy_IsBadUsage()
    {
        var run = CliRun.Of("map", "--from", Fixture("a.tsv"), "--to", Fixture("b.tsv"), "--strategy", "best", "--out", "x.csv");

        Assert.Equal(PllmCommandLine.BadUsage, run.ExitCode);
    }
}
