using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PllmML.Trainers.SingleCell;

namespace PllmML.Benchmarks.Integration;

/// <summary>Batch prediction on a loaded model (<see cref="ServedModel"/>): 10,000 human cells per call; the time is per cell.</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class PredictBenchmarks
{
    [GlobalSetup]
    public void Setup() => _ = ServedModel.Model;

    [Benchmark(OperationsPerInvoke = 10_000)]
    public CellPredictions PredictBatchOf10k() => ServedModel.Model.Predict("human", ServedModel.Query.Cells);
}
