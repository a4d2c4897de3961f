using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PllmML.Trainers.SingleCell;

namespace PllmML.Benchmarks.Integration;

/// <summary>
/// Single-cell prediction latency on a loaded model through the pooled prediction engine: one call per iteration, so
/// the median over the 1,000 iterations is the p50 latency per cell.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 50, iterationCount: 1000, invocationCount: 1)]
[MemoryDiagnoser]
public class PredictLatencyBenchmarks
{
    private CellRow[] _rows = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _rows = ServedModel.Model.ToRows("human", ServedModel.Query.Cells).Rows;
        ServedModel.Model.Predict(_rows[0]);
    }

    [Benchmark]
    public CellPrediction PredictOneCell() => ServedModel.Model.Predict(_rows[_next++ % _rows.Length]);
}
