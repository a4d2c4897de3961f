using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using PllmML.Data;
using PllmML.Trainers.SingleCell;

namespace PllmML.Examples.Tests;

/// <summary>
/// Runs examples/CellTypeServing as its own process on the model that the guide's <c>pllm run</c> fitted on the
/// bundled pancreas data, and checks what it prints and writes against the same model used in-process.
/// </summary>
[Collection(SharedGuideWorkspace.Name)]
public class CellTypeServingTests(GuideWorkspace workspace)
{
    private string ModelPath => workspace.PathOf("out/demo/model.zip");

    [Theory]
    [InlineData("data/pancreas/human.h5ad", "human")]
    [InlineData("data/pancreas/mouse_mtx", "mouse")]
    public void Example_PrintsTheModelsPredictions_AndWritesThemAsCsv(string cells, string species)
    {
        var csv = workspace.PathOf($"{species}-predictions.csv");
        var run = Example(ModelPath, workspace.PathOf(cells), species, "--csv", csv);

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Equal(string.Empty, run.Error);
        var data = DataFiles.ReadCells(workspace.PathOf(cells)).Data;
        var expected = SingleCellModel.Load(new MLContext(0), ModelPath).Predict(species, data);
        Assert.Equal(
            expected.CellTypes.CountBy(label => label).OrderBy(pair => pair.Key, StringComparer.Ordinal),
            CountsTable(run.Output).OrderBy(pair => pair.Key, StringComparer.Ordinal));
        Assert.Contains($"{data.CellCount} {species} cells; {expected.GenesFound} of {expected.ModelGenes} model genes found", run.Output, StringComparison.Ordinal);

        var first = FirstCellsTable(run.Output);
        Assert.Equal(5, first.Count);
        for (var cell = 0; cell < first.Count; cell++)
        {
            Assert.Equal((data.CellNames[cell], expected.Labels[cell]), (first[cell].Cell, first[cell].Label));
            Assert.Equal(BestProbability(expected, cell), first[cell].Probability, 4);
        }

        var rows = File.ReadAllLines(csv);
        Assert.Equal(["cell", "predicted_cell_type", "probability", .. expected.Classes.Select(c => $"probability_{c}")], rows[0].Split(','));
        Assert.Equal(data.CellCount + 1, rows.Length);
        for (var cell = 0; cell < data.CellCount; cell++)
        {
            var fields = rows[cell + 1].Split(',');
            Assert.Equal((data.CellNames[cell], expected.Labels[cell]), (fields[0], fields[1]));
            Assert.Equal(BestProbability(expected, cell), float.Parse(fields[2], CultureInfo.InvariantCulture));
            for (var c = 0; c < expected.Classes.Count; c++)
            {
                Assert.Equal(expected.Probabilities[(cell * expected.Classes.Count) + c], float.Parse(fields[3 + c], CultureInfo.InvariantCulture));
            }
        }
    }

    [Theory]
    [InlineData("out/demo/model.zip", "data/pancreas/nothere.h5ad", "human", "data/pancreas/nothere.h5ad")]
    [InlineData("out/demo/missing.zip", "data/pancreas/human.h5ad", "human", "out/demo/missing.zip")]
    [InlineData("data/pancreas/human.h5ad", "data/pancreas/human.h5ad", "human", "data/pancreas/human.h5ad: not a model zip")]
    [InlineData("out/demo/model.zip", "data/pancreas/human.h5ad", "zebrafish", "data/pancreas/human.h5ad: The species 'zebrafish' is not in the model")]
    [InlineData("out/demo/model.zip", "data/pancreas/mouse.h5ad", "human", "data/pancreas/mouse.h5ad: The query measured")]
    public void Example_BadInput_ExitsOne_WithOneLineNamingTheFile(string model, string cells, string species, string expected)
    {
        var run = Example(workspace.PathOf(model), workspace.PathOf(cells), species);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(workspace.PathOf(expected), line, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_WithoutArguments_PrintsUsage_ExitsTwo()
    {
        var run = Example();

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("usage: CellTypeServing <model.zip>", run.Error, StringComparison.Ordinal);
    }

    private static float BestProbability(CellPredictions predictions, int cell) =>
        predictions.Probabilities.AsSpan(cell * predictions.Classes.Count, predictions.Classes.Count).ToArray().Max();

    /// <summary>The rows of the counts table, between its header and the total.</summary>
    private static Dictionary<string, int> CountsTable(string output) =>
        output.Split('\n').SkipWhile(line => !line.StartsWith("predicted cell type", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(line => !line.StartsWith("total", StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(fields => fields[0], fields => int.Parse(fields[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);

    private static List<(string Cell, string Label, double Probability)> FirstCellsTable(string output) =>
        [.. output.Split('\n').SkipWhile(line => !line.StartsWith("cell ", StringComparison.Ordinal)).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .TakeWhile(fields => fields.Length == 3)
            .Select(fields => (fields[0], fields[1], double.Parse(fields[2], CultureInfo.InvariantCulture)))];

    /// <summary>Starts the built example with <c>dotnet</c> and waits for it.</summary>
    private static (int ExitCode, string Output, string Error) Example(params string[] arguments)
    {
        var dll = typeof(CellTypeServingTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "CellTypeServingDll").Value!;
        Assert.True(File.Exists(dll), $"the example is not built: {dll}");
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var run = ChildProcess.Run(host, [dll, .. arguments], timeout: TimeSpan.FromMinutes(2));
        return (run.ExitCode, run.Output, run.Error);
    }
}
