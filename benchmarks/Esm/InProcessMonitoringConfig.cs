using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace PllmML.Benchmarks.Esm;

/// <summary>One warm-up and three measured runs, in process.</summary>
internal sealed class InProcessMonitoringConfig : ManualConfig
{
    public InProcessMonitoringConfig() => AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1)
        .WithWarmupCount(1).WithIterationCount(3).WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(2), logOutput: true)));
}
