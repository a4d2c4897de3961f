using System.Diagnostics;
using PllmML.Evaluation;
using PllmML.Kernels.Neighbors;
using Xunit.Abstractions;

namespace PllmML.Evaluation.Tests;

/// <summary>
/// The evaluation's kNN through <see cref="IlgpuNeighborSearch"/> (ILGPU's CPU accelerator, the device kernels
/// emulated) gives the CPU search's evaluation exactly: every scib metric, label transfer and UMAP picture of the
/// bundled pancreas cells (every fifth cell: the emulator runs each device thread on the CPU).
/// </summary>
public class NeighborSearchBackendTests(ITestOutputHelper output)
{
    [Fact]
    public void Evaluate_PancreasOnIlgpuCpuAccelerator_EqualsCpuSearchExactly()
    {
        var cells = PancreasDemo.Build();
        var integrated = EveryFifth(EvaluationInput.FromCells(cells, "X_pca_species_centered", "cell_type", "species", "demo"));
        var baseline = EveryFifth(EvaluationInput.FromCells(cells, "X_pca", "cell_type", "species", "demo"));
        var umap = new UmapOptions { Epochs = 50 };
        using var device = IlgpuNeighborSearch.CreateCpuAccelerator();

        var clock = Stopwatch.StartNew();
        var cpu = Evaluator.Run(new EvaluationRequest(integrated) { Baseline = baseline, Umap = umap });
        output.WriteLine($"CPU search: {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        var ilgpu = Evaluator.Run(new EvaluationRequest(integrated) { Baseline = baseline, Umap = umap, NeighborSearch = device });
        output.WriteLine($"ILGPU CPU accelerator: {clock.Elapsed.TotalSeconds:F1} s ({string.Join(", ", ilgpu.Timings.Select(t => $"{t.Key} {t.Value:F1} s"))})");
        Assert.Equal(0, device.RecomputedQueries);

        Assert.Same(NeighborSearches.Cpu, new EvaluationRequest(integrated).NeighborSearch);
        foreach (var (expected, actual) in new[] { (cpu.Integrated, ilgpu.Integrated), (cpu.Baseline!, ilgpu.Baseline!) })
        {
            Assert.Equal(expected.Metrics.Select(m => (m.Name, m.Value, m.Note)), actual.Metrics.Select(m => (m.Name, m.Value, m.Note)));
        }

        Assert.NotEmpty(cpu.Transfers);
        foreach (var (expected, actual) in cpu.Transfers.Concat(cpu.BaselineTransfers).Zip(ilgpu.Transfers.Concat(ilgpu.BaselineTransfers)))
        {
            Assert.Equal((expected.ReferenceBatch, expected.QueryBatch, expected.Accuracy, expected.MacroF1), (actual.ReferenceBatch, actual.QueryBatch, actual.Accuracy, actual.MacroF1));
            Assert.Equal(expected.Predictions, actual.Predictions);
        }

        Assert.Equal(cpu.Pictures.Keys, ilgpu.Pictures.Keys);
        Assert.All(cpu.Pictures, picture => Assert.Equal(picture.Value, ilgpu.Pictures[picture.Key]));
    }

    [Fact]
    public void Kbet_OnIlgpuCpuAccelerator_EqualsCpuSearchExactly()
    {
        // Per cell type: queries and references are a subset of the rows, the cell itself left out.
        var fixture = Fixture.Load("two_species.json");
        using var device = IlgpuNeighborSearch.CreateCpuAccelerator();

        Assert.Equal(Kbet.PerLabel(fixture.Input), Kbet.PerLabel(fixture.Input, neighborSearch: device));
    }

    private static EvaluationInput EveryFifth(EvaluationInput input)
    {
        var rows = Enumerable.Range(0, input.CellCount).Where(row => row % 5 == 0).ToArray();
        var values = rows.SelectMany(row => input.Embedding.Skip(row * input.Dimensions).Take(input.Dimensions)).ToArray();
        return new EvaluationInput(
            rows.Length, input.Dimensions, values, new LabelCodes([.. rows.Select(row => input.Labels.Names[input.Labels.Codes[row]])]),
            new LabelCodes([.. rows.Select(row => input.Batches.Names[input.Batches.Codes[row]])]));
    }
}
