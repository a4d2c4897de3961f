using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PllmML.Esm.Embedding;

namespace PllmML.Benchmarks.Esm;

/// <summary>
/// <c>pllm embed merge</c> at cluster scale: 8 shard stores of 5,000 ESM-2 650M-sized vectors (1,280 floats; 40,000
/// rows, 205 MB) merged into a fresh store (every row new), then merged again (every row present and compared).
/// </summary>
[Config(typeof(Config))]
public class EmbeddingStoreMergeBenchmarks
{
    private const int Shards = 8;
    private const int RowsPerShard = 5_000;
    private const int Width = 1_280;
    private readonly List<string> _shards = [];
    private string _folder = string.Empty;
    private string _target = string.Empty;

    /// <summary>Writes the shard stores: random vectors under the keys of random sequences, sharded by hash.</summary>
    [GlobalSetup]
    public void WriteShards()
    {
        _folder = Path.Combine(Path.GetTempPath(), "pllm-merge-bench", Guid.NewGuid().ToString("N"));
        var random = new Random(20261130);
        for (var shard = 1; shard <= Shards; shard++)
        {
            var path = Path.Combine(_folder, $"shard_{shard}");
            using var store = EmbeddingStore.Open(path);
            var rows = Enumerable.Range(0, RowsPerShard).Select(i =>
            {
                var hash = new byte[32];
                random.NextBytes(hash);
                var vector = new float[Width];
                for (var j = 0; j < Width; j++)
                {
                    vector[j] = (float)(random.NextDouble() - 0.5);
                }

                return (new EmbeddingKey("esm2_t33_650M_UR50D-identity", 33, "mean/truncate1022", hash), 300 + i % 700, vector);
            }).ToList();
            store.Put(rows);
            _shards.Add(path);
        }
    }

    /// <summary>A fresh, empty target folder per iteration.</summary>
    [IterationSetup(Target = nameof(MergeIntoEmptyStore))]
    public void FreshTarget() => _target = Path.Combine(_folder, "target_" + Guid.NewGuid().ToString("N"));

    /// <summary>A target that already holds every row.</summary>
    [IterationSetup(Target = nameof(MergeAgain))]
    public void FullTarget()
    {
        FreshTarget();
        using var store = EmbeddingStore.Open(_target);
        store.Merge(_shards);
    }

    /// <summary>Every row new.</summary>
    [Benchmark]
    public long MergeIntoEmptyStore()
    {
        using var store = EmbeddingStore.Open(_target);
        return store.Merge(_shards).Added;
    }

    /// <summary>Every row already present: looked up and compared value by value.</summary>
    [Benchmark]
    public long MergeAgain()
    {
        using var store = EmbeddingStore.Open(_target);
        return store.Merge(_shards).AlreadyPresent;
    }

    /// <summary>Deletes the stores.</summary>
    [GlobalCleanup]
    public void Delete() => Directory.Delete(_folder, recursive: true);

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)));
    }
}
