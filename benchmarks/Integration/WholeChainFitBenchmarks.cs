using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML;
using PllmML.Data.Orthologs;
using PllmML.Trainers.SingleCell;

namespace PllmML.Benchmarks.Integration;

/// <summary>
/// The whole ML.NET chain (<see cref="SingleCellPipeline.Fit"/>) on generated data of each size, one process per size
/// with nothing else prepared in it, so the printed peak working set is the data plus the fit.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
[MemoryDiagnoser]
public class WholeChainFitBenchmarks
{
    private SpeciesData _human = null!;
    private SpeciesData _mouse = null!;
    private GenePairTable _pairs = null!;

    /// <summary>Cells (half per species).</summary>
    [Params(20_000, 50_000, 100_000)]
    public int Cells { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_human, _mouse, _pairs, _) = SyntheticSpecies.Generate(Cells, 2000, 10, 7);
        GC.Collect();
        Console.WriteLine($"// working set with the data: {Environment.WorkingSet >> 20} MiB");
    }

    [GlobalCleanup]
    public void Cleanup() => Console.WriteLine($"// peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 >> 20} MiB");

    [Benchmark]
    public SingleCellModel FitWholeChain()
    {
        var model = SingleCellPipeline.Fit(new MLContext(0), [_human, _mouse], new Dictionary<string, GenePairTable> { ["mouse"] = _pairs },
            new SingleCellPipelineOptions { TrainSpecies = ["mouse"] });
        foreach (var timing in model.Timings)
        {
            Console.WriteLine($"// stage {timing.Stage}: {timing.Elapsed.TotalSeconds:F1} s");
        }

        return model;
    }
}
