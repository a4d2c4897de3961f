using System.Text.Json;
using PllmML.Data;

namespace PllmML.Packaging.Tests;

[Collection(SharedPackages.Name)]
public class ToolPackageTests(PackageFolder packages)
{
    [Fact]
    public void ToolPackage_IsRidSpecific_AndCarriesThePatchedLibTorchSharpAndTheDemo()
    {
        var pointer = Nuspec.Read(packages.PathOf("pllm"));
        var linux = Nuspec.Read(packages.PathOf("pllm.linux-x64"));

        Assert.Contains("tools/any/any/DotnetToolSettings.xml", pointer.Entries);
        const string tools = "tools/net10.0/linux-x64/";
        Assert.Contains(tools + "pllm.dll", linux.Entries);
        Assert.Contains(tools + "libLibTorchSharp.so", linux.Entries);
        Assert.Contains(tools + "demo/configs/demo.json", linux.Entries);
        Assert.Contains(tools + "demo/data/pancreas/LICENSE_CIDER", linux.Entries);
    }

    [Fact]
    public void Tool_InstallsIntoAFreshFolder_AndReportsItsVersion()
    {
        var demo = packages.Demo;

        Assert.True(demo.Install.ExitCode == 0, demo.Install.Transcript);
        Assert.True(File.Exists(demo.Tool), demo.Tool);
        Assert.StartsWith(PackageFolder.Version, demo.Version!.Output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void InstalledTool_RunsTheBundledDemo_EveryStage()
    {
        var demo = packages.Demo;

        Assert.True(demo.Run.ExitCode == 0, demo.Install.Transcript + demo.Run.Transcript);
        foreach (var artifact in new[] { "report.html", "metrics.json", "integrated.h5ad", "model.zip", "pairs.csv", "config.json", "run.log" })
        {
            Assert.True(File.Exists(Path.Combine(demo.Output, artifact)), artifact);
        }

        Assert.Contains("RANDOM", File.ReadAllText(Path.Combine(demo.Output, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void InstalledTool_HeldOutHumanAccuracy_IsWhatItsOwnPredictionsGive()
    {
        var demo = packages.Demo;
        Assert.True(demo.Run.ExitCode == 0, demo.Run.Transcript);

        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(demo.Output, "metrics.json")));
        var reported = metrics.RootElement.GetProperty("classifier_label_transfer")[0].GetProperty("accuracy").GetDouble();
        var cells = DataFiles.ReadCells(Path.Combine(demo.Output, "integrated.h5ad")).Data;

        Assert.Equal(HumanAccuracy(cells), reported, 12);
        Assert.True(reported > 0.85, $"held-out human accuracy {reported}");
    }

    private static double HumanAccuracy(CellMatrix cells)
    {
        var human = Enumerable.Range(0, cells.CellCount).Where(cell => cells.Obs["species"].FormatValue(cell) == "human").ToList();
        var right = human.Count(cell => cells.Obs["pllm_best_cell_type"].FormatValue(cell) == cells.Obs["cell_type"].FormatValue(cell));
        return right / (double)human.Count;
    }
}
