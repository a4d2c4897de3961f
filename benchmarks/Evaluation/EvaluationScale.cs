using System.Diagnostics;
using System.Globalization;
using PllmML.Evaluation;

namespace PllmML.Benchmarks.Evaluation;

/// <summary>
/// <c>eval-scale &lt;cells&gt; [seed] [--exact-silhouettes]</c>: every scib metric of <see cref="ScibMetrics.Compute"/> on a synthetic atlas
/// embedding in one whole process, printing each metric's value and seconds, the whole, the peak resident set and the
/// machine's load (issue #18). The embedding: 12 cell types as Gaussian clusters (sd 1 per dimension) of sizes in the
/// ratio 1 : 2 : … : 12 around centres drawn uniformly in [0, 10]³⁰, two batches (species) with the second shifted by
/// 0.8 in every dimension; the smallest type is in the first batch only (an isolated label).
/// </summary>
internal static class EvaluationScale
{
    public const int Types = 12;

    private static readonly string[] ReportedFlags = ["avx2", "fma", "avx512f"];

    public static void Run(int cells, int seed, bool exactSilhouettes)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"eval-scale: {cells:N0} cells × 30 dims, {Types} types, seed {seed}"));
        Console.WriteLine($"cpu: {CpuModel()}; flags: {CpuFlags()}; {Environment.ProcessorCount} threads; .NET {Environment.Version}");
        Console.WriteLine($"load average before: {LoadAverage()}");
        var clock = Stopwatch.StartNew();
        var input = Synthetic(cells, 30, seed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"data: {clock.Elapsed.TotalSeconds:F1} s"));
        clock.Restart();
        var options = new ScibOptions { SilhouetteExactLimit = exactSilhouettes ? int.MaxValue : new ScibOptions().SilhouetteExactLimit };
        Console.WriteLine($"silhouettes: {(exactSilhouettes ? "every cell" : $"sampled above {options.SilhouetteExactLimit} cells")}");
        var report = ScibMetrics.Compute(input, input, options, progress: name => Console.Error.WriteLine($"  … {name} ({DateTime.UtcNow:HH:mm:ss})"));
        var total = clock.Elapsed.TotalSeconds;
        foreach (var metric in report.Metrics)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{metric.Name,-24} {metric.Value?.ToString("R", CultureInfo.InvariantCulture) ?? "null",20} {metric.Seconds,9:F2} s  {metric.Note}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"all scib metrics",-24} {"",20} {total,9:F2} s"));
        Console.WriteLine($"peak RSS (VmHWM): {PeakResidentMiB()} MiB");
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"process CPU time: {process.TotalProcessorTime.TotalSeconds:F0} s (user + system, all threads)"));
        Console.WriteLine($"load average after: {LoadAverage()}");
    }

    /// <summary>The synthetic atlas embedding described on the class.</summary>
    public static EvaluationInput Synthetic(int cells, int dimensions, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, Types * dimensions).Select(_ => random.NextDouble() * 10).ToArray();
        var weights = Enumerable.Range(1, Types).Select(w => (double)w).ToArray();
        var cumulative = new double[Types];
        var sum = 0.0;
        for (var t = 0; t < Types; t++)
        {
            sum += weights[t];
            cumulative[t] = sum;
        }

        var values = new double[(long)cells * dimensions];
        var labels = new string[cells];
        var batches = new string[cells];
        for (var i = 0; i < cells; i++)
        {
            var draw = random.NextDouble() * sum;
            var type = Math.Min(Types - 1, Array.FindIndex(cumulative, c => draw < c));
            var species = type == 0 ? 0 : random.Next(2);
            labels[i] = $"type{type}";
            batches[i] = species == 0 ? "human" : "mouse";
            for (var t = 0; t < dimensions; t++)
            {
                values[((long)i * dimensions) + t] = (float)(centres[(type * dimensions) + t] + (species * 0.8) + SyntheticDraws.Normal(random));
            }
        }

        return new EvaluationInput(cells, dimensions, values, new LabelCodes(labels), new LabelCodes(batches));
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static string PeakResidentMiB()
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? "n/a" : (long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture);
    }

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?" : "?";

    private static string CpuFlags()
    {
        var flags = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(':')[1].Split(' ') ?? [] : [];
        return string.Join(' ', ReportedFlags.Select(f => flags.Contains(f) ? f : $"no-{f}"));
    }
}
