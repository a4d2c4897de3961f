using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using PllmML.Data;
using PllmML.Data.H5ad;
using PllmML.Trainers.SingleCell;

namespace PllmML.Benchmarks.Scale;

/// <summary>
/// `integrate-times &lt;folder&gt;` times what the predict stage of `pllm run` does on a scale folder whose run has fitted
/// out/model.zip: read both inputs backed, integrate every cell with X spooled beside the output, write
/// integrated.h5ad — each part by wall clock, without the counts check (which a `pllm run` makes in its fit).
/// </summary>
internal static class IntegrateTimes
{
    private static readonly string[] Species = ["human", "mouse"];

    public static void Run(string folder)
    {
        var watch = Stopwatch.StartNew();
        var model = SingleCellModel.Load(new MLContext(seed: 0), Path.Combine(folder, "out", "model.zip"));
        var load = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var inputs = Species
            .Select(species => new SpeciesData(species, DataFiles.ReadCells(Path.Combine(folder, $"{species}.h5ad"), false, null, backed: true).Data, "cell_type"))
            .ToList();
        var read = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var output = Path.Combine(folder, "integrate-times.h5ad");
        using (var x = new CsrRowSpool(model.Manifest.SharedFeatures, folder))
        {
            var cells = model.Integrate(inputs, "cell_type", x);
            var integrate = watch.Elapsed.TotalSeconds;
            watch.Restart();
            H5adWriter.Write(cells, output, x);
            var write = watch.Elapsed.TotalSeconds;
            var embedding = cells.Obsm["X_pllm"].Values;
            var checksum = embedding.Select((value, i) => (double)value * ((i % 97) + 1)).Sum();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"integrate-times: {cells.CellCount:N0} cells: load {load:F1} s, read obs {read:F1} s, integrate {integrate:F1} s ({cells.CellCount / integrate:N0} cells/s), write {write:F1} s; X_pllm checksum {checksum:R}"));
        }

        File.Delete(output);
    }
}
