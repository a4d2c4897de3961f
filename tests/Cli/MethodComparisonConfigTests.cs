using PllmML.Pipeline.Configuration;

namespace PllmML.Cli.Tests;

/// <summary>The side-by-side comparison's settings: what is refused, and how the compared methods are ordered.</summary>
public class MethodComparisonConfigTests
{
    [Fact]
    public void UnknownMethod_IsBadUsage_AndABadConfigEntryNamesTheField()
    {
        var folder = TestPaths.NewTempFolder();
        var cli = CliRun.Of("run", MethodComparisonTests.ComparisonRun.WriteConfig(folder, null), "--out", Path.Combine(folder, "out"), "--compare-integrations", "harmony,umap");
        Assert.Equal(2, cli.ExitCode);
        Assert.Contains("--compare-integrations harmony,umap: expected", cli.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder, "out")));

        var unknown = Assert.Throws<RunConfigurationException>(() => RunConfiguration.Read(MethodComparisonTests.ComparisonRun.WriteConfig(folder, "[\"harmony\", \"umap\"]")));
        Assert.Equal("evaluation.compareMethods[1]", unknown.Field);
        var twice = Assert.Throws<RunConfigurationException>(() => RunConfiguration.Read(MethodComparisonTests.ComparisonRun.WriteConfig(folder, "[\"scanvi\", \"scanvi\"]")));
        Assert.Equal("evaluation.compareMethods[1]", twice.Field);
        var empty = Assert.Throws<RunConfigurationException>(() => RunConfiguration.Read(MethodComparisonTests.ComparisonRun.WriteConfig(folder, "[]")));
        Assert.Equal("evaluation.compareMethods", empty.Field);
    }

    [Fact]
    public void ComparedMethods_KeepTheListsOrder_AndAddTheSavedModelsMethodFirstWhenLeftOut()
    {
        var config = new RunConfiguration { Integration = new IntegrationConfiguration { Method = "scanvi" } };
        Assert.Empty(config.ComparedMethods());
        config.Evaluation.CompareMethods = ["harmony", "scvi"];
        Assert.Equal(["scanvi", "harmony", "scvi"], config.ComparedMethods());
        config.Evaluation.CompareMethods = ["harmony", "scanvi"];
        Assert.Equal(["harmony", "scanvi"], config.ComparedMethods());

        var copy = config.WithIntegrationMethod("harmony");
        Assert.Equal("harmony", copy.Integration.Method);
        Assert.Equal("scanvi", config.Integration.Method);
        Assert.Same(config.Integration.Scvi, copy.Integration.Scvi);
    }
}
