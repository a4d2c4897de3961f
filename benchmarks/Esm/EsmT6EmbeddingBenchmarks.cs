using BenchmarkDotNet.Attributes;
using PllmML.Esm;

namespace PllmML.Benchmarks.Esm;

/// <summary>t6_8M shape (6 × 320, 20 heads), the first 200 proteins; both attention kernels.</summary>
[Config(typeof(InProcessMonitoringConfig))]
public class EsmT6EmbeddingBenchmarks : EsmEmbeddingBenchmarkBase
{
    /// <summary>The attention kernel.</summary>
    [Params(EsmAttentionKernel.Fused, EsmAttentionKernel.Reference)]
    public EsmAttentionKernel Attention { get; set; }

    [GlobalSetup]
    public void GlobalSetup() => Setup("t6_8M", new EsmArchitecture(6, 320, 20, 1280), Attention, 200);

    [GlobalCleanup]
    public void GlobalCleanup() => Dispose();

    [Benchmark]
    public object Embed() => EmbedProteome();
}
