using System.Text.Json;

namespace PllmML.Cli.Tests;

public class CompareCommandTests
{
    [SharedDataFact]
    public void Compare_LmHumanMouse_PrintsAndWritesReadmeFigures()
    {
        var json = Path.Combine(TestPaths.NewTempFolder(), "c.json");
        var folder = TestPaths.Shared("orthologs");

        var run = CliRun.Of("compare", Path.Combine(folder, "LM_O2O", "human_mice_LM_O2O.csv"),
            "--reference", Path.Combine(folder, "ENS_O2O", "human_mice.csv"), "--json", json);
        using var document = JsonDocument.Parse(File.ReadAllText(json));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("73.32 %", run.Output, StringComparison.Ordinal);
        Assert.Contains("88.43 %", run.Output, StringComparison.Ordinal);
        Assert.Equal(12_526, document.RootElement.GetProperty("shared_pairs").GetInt32());
        Assert.Equal(0.8843, document.RootElement.GetProperty("agreement").GetDouble(), 4);
    }
}
