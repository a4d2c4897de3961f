using System.Globalization;
using System.Text.Json;
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
        Assert.True(build.ExitCode == 0, build.Output);
        var goldens = TestPaths.Bundled("esm2", "tiny");
        var run = consumer.Run(Path.Combine(goldens, "hf"), FirstGoldenSequence(goldens));

        Assert.True(run.ExitCode == 0, run.Output);
        var mean = run.Output.Trim().Split(' ').Select(value => float.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        using var golden = SafetensorsFile.Open(Path.Combine(goldens, "golden.safetensors"));
        var expected = golden.Read("single.mean_last").ToSingles().AsSpan(0, mean.Length).ToArray();
        Assert.All(Enumerable.Range(0, mean.Length), i => Assert.Equal(expected[i], mean[i], 1e-5f));
    }

    private static string Source(string consumer, string file) => Path.Combine(AppContext.BaseDirectory, "Consumers", consumer, file);

    private static string FirstGoldenSequence(string goldens)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(goldens, "golden.json")));
        return json.RootElement.GetProperty("sequences")[0].GetProperty("sequence").GetString()!;
    }
}
