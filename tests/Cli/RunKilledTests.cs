using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PllmML.Data;

namespace PllmML.Cli.Tests;

/// <summary>
/// <c>pllm run</c> killed with SIGKILL inside each stage in turn (embed, map, fit, predict, evaluate), then run to the
/// end, writes the same outputs as one uninterrupted run: a killed stage never leaves a stamp, so it is computed again,
/// and the stages finished before it are reused.
/// </summary>
public sealed class RunKilledTests
{
    private static readonly string[] Stages = ["embed", "map", "fit", "predict", "evaluate"];

    [Fact]
    public void KilledInEachStage_ResumesToTheOutputsOfOneUninterruptedRun()
    {
        var folder = TestPaths.NewTempFolder();
        var config = Path.Combine(folder, "demo.json");
        File.WriteAllText(config, File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "configs", "demo.json"))
            .Replace("../data/", TestPaths.Bundled() + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        var reference = Path.Combine(folder, "uninterrupted");
        var resumed = Path.Combine(folder, "resumed");
        var whole = CliRun.Of("run", config, "--out", reference);
        Assert.True(whole.ExitCode == 0, whole.Error);

        var killedIn = Stages.Where(stage => KillInside(stage, config, resumed)).ToList();
        var last = CliRun.Of("run", config, "--out", resumed);

        Assert.True(last.ExitCode == 0, last.Error + last.Output);
        // A stage can finish between two polls of the log; most must have been killed inside.
        Assert.True(killedIn.Count >= 3, $"killed inside only {string.Join(", ", killedIn)}");
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "pairs.csv")), File.ReadAllBytes(Path.Combine(resumed, "pairs.csv")));
        var expected = DataFiles.ReadCells(Path.Combine(reference, "integrated.h5ad")).Data;
        var actual = DataFiles.ReadCells(Path.Combine(resumed, "integrated.h5ad")).Data;
        Assert.Equal(expected.CellNames, actual.CellNames);
        foreach (var key in expected.Obsm.Keys)
        {
            Assert.Equal(expected.Obsm[key].Values, actual.Obsm[key].Values);
        }

        foreach (var column in expected.Obs.ColumnNames)
        {
            Assert.Equal(
                Enumerable.Range(0, expected.CellCount).Select(expected.Obs[column].FormatValue),
                Enumerable.Range(0, actual.CellCount).Select(actual.Obs[column].FormatValue));
        }

        Assert.Equal(Comparable(reference, "metrics.json"), Comparable(resumed, "metrics.json"));
        Directory.Delete(folder, true);
    }

    /// <summary>Starts <c>pllm run</c> as a child and SIGKILLs it as soon as the log says <paramref name="stage"/> is
    /// running; false when the run got past the stage first.</summary>
    private static bool KillInside(string stage, string config, string output)
    {
        var log = Path.Combine(output, "run.log");
        var logged = File.Exists(log) ? new FileInfo(log).Length : 0;
        using var child = PllmChild.Start(["run", config, "--out", output]);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var running = new Regex($@"\b{stage}: running\b");
        var finished = new Regex($@"\b{stage}: (done|reused)\b");
        while (!child.HasExited && DateTime.UtcNow < deadline)
        {
            var text = NewLogText(log, logged);
            if (finished.IsMatch(text))
            {
                break;
            }

            if (running.IsMatch(text))
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
                return !finished.IsMatch(NewLogText(log, logged));
            }

            Thread.Sleep(10);
        }

        child.Kill(entireProcessTree: true);
        child.WaitForExit();
        return false;
    }

    private static string NewLogText(string log, long from)
    {
        if (!File.Exists(log))
        {
            return string.Empty;
        }

        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>metrics.json without what differs between any two runs: the output folder's path and the timings.</summary>
    private static string Comparable(string output, string file)
    {
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(output, file)))!.AsObject();
        Assert.True(metrics.Remove("timings_seconds"));
        return metrics.ToJsonString().Replace(output, "<out>", StringComparison.Ordinal);
    }
}
