using Microsoft.ML;
using PllmML.Data.Orthologs;
using PllmML.Trainers.SingleCell;

namespace PllmML.Benchmarks.Integration;

/// <summary>
/// A model fitted on 20,000 generated cells (2,000 genes, 10 types), saved and loaded again, with 10,000 human query
/// cells — what the prediction benchmarks serve.
/// </summary>
internal static class ServedModel
{
    private static readonly Lazy<(SingleCellModel Model, SpeciesData Query)> Loaded = new(Build);

    public static SingleCellModel Model => Loaded.Value.Model;

    public static SpeciesData Query => Loaded.Value.Query;

    private static (SingleCellModel, SpeciesData) Build()
    {
        var (human, mouse, pairs, _) = SyntheticSpecies.Generate(20_000, 2000, 10, 11);
        var fitted = SingleCellPipeline.Fit(new MLContext(0), [human, mouse], new Dictionary<string, GenePairTable> { ["mouse"] = pairs },
            new SingleCellPipelineOptions { TrainSpecies = ["mouse"] });
        var path = Path.Combine(Path.GetTempPath(), $"pllm-bench-{Environment.ProcessId}.zip");
        fitted.Save(path);
        var model = SingleCellModel.Load(new MLContext(), path);
        File.Delete(path);
        return (model, human);
    }
}
