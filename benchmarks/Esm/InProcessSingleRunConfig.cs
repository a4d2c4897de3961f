using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace PllmML.Benchmarks.Esm;

/// <summary>One measured run without warm-up, in process (for runs of minutes).</summary>
internal sealed class InProcessSingleRunConfig : ManualConfig
{
    public InProcessSingleRunConfig() => AddJob(Job.Default.WithStrategy(RunStrategy.ColdStart).WithLaunchCount(1)
        .WithWarmupCount(0).WithIterationCount(1).WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(2), logOutput: true)));
}
