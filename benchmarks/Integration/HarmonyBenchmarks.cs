using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PllmML.Trainers.Integration;

namespace PllmML.Benchmarks.Integration;

/// <summary>Harmony alone on 100,000 cells × 50 PCs of two species (the goal: under a minute on 2 cores).</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
[MemoryDiagnoser]
public class HarmonyBenchmarks
{
    private float[] _cells = [];
    private string[] _species = [];

    /// <summary>Cells.</summary>
    [Params(100_000)]
    public int Cells { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Ten cell types in 50 dimensions; the mouse half is shifted by a random offset (the batch effect).
        var random = new Random(1);
        const int d = 50;
        var centres = Enumerable.Range(0, 10 * d).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
        var offset = Enumerable.Range(0, d).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        _cells = new float[Cells * d];
        _species = new string[Cells];
        for (var cell = 0; cell < Cells; cell++)
        {
            var type = random.Next(10);
            var mouse = cell % 2 == 1;
            _species[cell] = mouse ? "mouse" : "human";
            for (var j = 0; j < d; j++)
            {
                _cells[(cell * d) + j] = centres[(type * d) + j] + (float)(random.NextDouble() - 0.5) * 2 + (mouse ? offset[j] : 0);
            }
        }
    }

    [Benchmark]
    public HarmonyResult Harmony100kBy50() => Harmony.Run(_cells, 50, [_species], ["species"]);
}
