using BenchmarkDotNet.Attributes;
using PllmML.Esm;

namespace PllmML.Benchmarks.Esm;

/// <summary>t33_650M shape (33 × 1280, 20 heads), the first 8 proteins, fused attention; one measured run (minutes).</summary>
[Config(typeof(InProcessSingleRunConfig))]
public class EsmT33EmbeddingBenchmarks : EsmEmbeddingBenchmarkBase
{
    [GlobalSetup]
    public void GlobalSetup() => Setup("t33_650M", new EsmArchitecture(33, 1280, 20, 5120), EsmAttentionKernel.Fused, 8);

    [GlobalCleanup]
    public void GlobalCleanup() => Dispose();

    [Benchmark]
    public object Embed() => EmbedProteome();
}
