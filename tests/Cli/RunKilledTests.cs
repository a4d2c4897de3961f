using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PllmML.Data;

namespace PllmML.Cli.Tests;

/// <summary>
/// <c>pllm run</c> killed with SIGKILL inside each stage in turn (embed, map, fit, predict, markers, methods,
/// evaluate: every stage <c>PllmRun</c> has), then run to the end, writes the same outputs as one uninterrupted run: a
/// killed stage never leaves a stamp, so it is computed again, and the stages finished before it are reused.
/// </summary>
/// <remarks>The demo config with a <c>markers</c> section and <c>evaluation.compareMethods</c> [harmony, scvi], the
/// scVI fit of the methods stage at its cheapest (16 hidden units, 5 latent dimensions, 2 epochs, 1 libtorch thread,
/// which also makes it bit-for-bit repeatable).</remarks>
public sealed class RunKilledTests
{
    private static readonly string[] Stages = ["embed", "map", "fit", "predict", "markers", "methods", "evaluate"];

    private const string DemoEvaluation = "\"evaluation\": { \"labelKey\": \"cell_type\", \"pictures\": true }";

    private const string EveryStage = "\"evaluation\": { \"labelKey\": \"cell_type\", \"pictures\": true, \"compareMethods\": [ \"harmony\", \"scvi\" ] },\n"
        + "  \"markers\": { \"topMarkers\": 5 },\n"
        + "  \"integration\": { \"method\": \"harmony\", \"scvi\": { \"nHidden\": 16, \"nLatent\": 5, \"maxEpochs\": 2, \"klWarmupEpochs\": null, \"threads\": 1 } }";

    [Fact]
    public void KilledInEachStage_ResumesToTheOutputsOfOneUninterruptedRun()
    {
        var folder = TestPaths.NewTempFolder();
        var config = Path.Combine(folder, "demo.json");
        var demo = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "configs", "demo.json"));
        Assert.Contains(DemoEvaluation, demo, StringComparison.Ordinal);
        File.WriteAllText(config, demo.Replace(DemoEvaluation, EveryStage, StringComparison.Ordinal)
            .Replace("../data/", TestPaths.Bundled() + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        var reference = Path.Combine(folder, "uninterrupted");
        var resumed = Path.Combine(folder, "resumed");
        var whole = CliRun.Of("run", config, "--out", reference);
        Assert.True(whole.ExitCode == 0, whole.Error);
        foreach (var stage in Stages)
        {
            Assert.Contains($"{stage}: done", File.ReadAllText(Path.Combine(reference, "run.log")), StringComparison.Ordinal);
        }

        var killedIn = Stages.Where(stage => KillInside(stage, config, resumed)).ToList();
        var last = CliRun.Of("run", config, "--out", resumed);

        Assert.True(last.ExitCode == 0, last.Error + last.Output);
        // A stage can finish between two polls of the log; most must have been killed inside.
        Assert.True(killedIn.Count >= Stages.Length - 2, $"killed inside only {string.Join(", ", killedIn)}");
        foreach (var file in new[] { "pairs.csv", Path.Combine("markers", "conserved_markers.csv") })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, file)), File.ReadAllBytes(Path.Combine(resumed, file)));
        }

        foreach (var integrated in new[] { "integrated.h5ad", Path.Combine("methods", "scvi", "integrated.h5ad") })
        {
            SameCells(Path.Combine(reference, integrated), Path.Combine(resumed, integrated));
        }

        Assert.Equal(Comparable(reference, "metrics.json"), Comparable(resumed, "metrics.json"));
        Directory.Delete(folder, true);
    }

    /// <summary>Asserts two integrated files hold the same cells, embeddings and obs columns.</summary>
    private static void SameCells(string reference, string resumed)
    {
        var expected = DataFiles.ReadCells(reference).Data;
        var actual = DataFiles.ReadCells(resumed).Data;
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

    /// <summary>metrics.json without what differs between any two runs: the output folder's path and the timings
    /// (the run's, and each compared method's fit seconds).</summary>
    private static string Comparable(string output, string file)
    {
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(output, file)))!.AsObject();
        Assert.True(metrics.Remove("timings_seconds"));
        Assert.True(metrics["methods"] is JsonObject, "metrics.json has no methods section");
        foreach (var (_, method) in metrics["methods"]!.AsObject())
        {
            Assert.True(method!.AsObject().Remove("fit_seconds"));
        }

        return metrics.ToJsonString().Replace(output, "<out>", StringComparison.Ordinal);
    }
}
