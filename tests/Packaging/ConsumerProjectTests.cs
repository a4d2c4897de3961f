using System.Globalization;
using System.Text.Json;
using PllmML.Data;
using PllmML.Data.Tensors;

namespace PllmML.Packaging.Tests;

[Collection(SharedPackages.Name)]
public class ConsumerProjectTests(PackageFolder packages)
{
    [Fact]
    public void EsmPackage_InAFreshProject_LoadsLibTorchAndMatchesTheOfficialEsmOutput()
    {
        var consumer = ConsumerProject.Create(packages.Folder, [Source("Esm", "Program.cs")], "PllmML.Esm");

        var build = consumer.Build();
        Assert.True(build.ExitCode == 0, build.Transcript);
        var goldens = TestPaths.Bundled("esm2", "tiny");
        var run = consumer.Run(Path.Combine(goldens, "hf"), FirstGoldenSequence(goldens));

        Assert.True(run.ExitCode == 0, run.Transcript);
        var mean = run.Output.Trim().Split(' ').Select(value => float.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        using var golden = SafetensorsFile.Open(Path.Combine(goldens, "golden.safetensors"));
        var expected = golden.Read("single.mean_last").ToSingles().AsSpan(0, mean.Length).ToArray();
        Assert.All(Enumerable.Range(0, mean.Length), i => Assert.Equal(expected[i], mean[i], 1e-5f));
    }

    [Fact]
    public void ServingExample_BuiltAgainstTheTrainersAndDataPackages_AnnotatesCellsWithoutTorchSharp()
    {
        var demo = packages.Demo;
        Assert.True(demo.Run.ExitCode == 0, demo.Run.Transcript);
        var consumer = ConsumerProject.Create(packages.Folder, [Source("Serving", "Program.cs")], "PllmML.Trainers", "PllmML.Data");

        var build = consumer.Build();
        Assert.True(build.ExitCode == 0, build.Transcript);
        Assert.False(consumer.HasOutputFile("TorchSharp.dll"), "the serving build carries TorchSharp");
        Assert.False(consumer.HasOutputFile("libtorch_cpu.so"), "the serving build carries libtorch");
        var human = Path.Combine(demo.Output, "inputs", "data", "pancreas", "human.h5ad");
        var run = consumer.Run(Path.Combine(demo.Output, "model.zip"), human, "human");

        Assert.True(run.ExitCode == 0, run.Transcript);
        Assert.Equal(DemoHumanCounts(demo), PrintedCounts(run.Output));
    }

    /// <summary>Predicted types of the human cells in the demo's integrated.h5ad (the tool's own predict stage).</summary>
    private static Dictionary<string, int> DemoHumanCounts(InstalledDemo demo)
    {
        var cells = DataFiles.ReadCells(Path.Combine(demo.Output, "integrated.h5ad")).Data;
        return Enumerable.Range(0, cells.CellCount)
            .Where(cell => cells.Obs["species"].FormatValue(cell) == "human")
            .CountBy(cell => cells.Obs["pllm_cell_type"].FormatValue(cell))
            .ToDictionary(group => group.Key, group => group.Value);
    }

    /// <summary>The example's "predicted cell type / cells" table, without its total line.</summary>
    private static Dictionary<string, int> PrintedCounts(string output)
    {
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        var header = Array.FindIndex(lines, line => line.StartsWith("predicted cell type", StringComparison.Ordinal));
        Assert.True(header >= 0, output);
        return lines.Skip(header + 1).TakeWhile(line => !line.StartsWith("total", StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(fields => fields[0], fields => int.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    private static string Source(string consumer, string file) => Path.Combine(AppContext.BaseDirectory, "Consumers", consumer, file);

    private static string FirstGoldenSequence(string goldens)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(goldens, "golden.json")));
        return json.RootElement.GetProperty("sequences")[0].GetProperty("sequence").GetString()!;
    }
}
