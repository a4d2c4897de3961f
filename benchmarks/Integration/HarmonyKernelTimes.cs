using System.Diagnostics;
using System.Globalization;

namespace PllmML.Benchmarks.Integration;

/// <summary>
/// <c>harmony-kernel-times [repeats]</c>: each kernel of <see cref="HarmonyKernelBenchmarks"/>, old and new alternately,
/// timed by wall clock and by the process's CPU time (less sensitive to other processes on a shared machine).
/// </summary>
internal static class HarmonyKernelTimes
{
    public static void Run(int repeats, string? only = null)
    {
        var benchmarks = new HarmonyKernelBenchmarks { Cells = 100_000 };
        benchmarks.Setup();
        var kernels = new (string Name, Action Old, Action New)[]
        {
            ("CosineDistances", () => benchmarks.CosineDistancesOld(), () => benchmarks.CosineDistancesNew()),
            ("WeightedSums", () => benchmarks.WeightedSumsOld(), () => benchmarks.WeightedSumsNew()),
            ("RidgeStatistics", () => benchmarks.RidgeStatisticsOld(), () => benchmarks.RidgeStatisticsNew()),
            ("Correct", () => benchmarks.CorrectOld(), () => benchmarks.CorrectNew()),
            ("Objective", () => benchmarks.ObjectiveOld(), () => benchmarks.ObjectiveNew()),
            ("ScaledExponentials", () => benchmarks.ScaledExponentialsOld(), () => benchmarks.ScaledExponentialsNew()),
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} threads, 100,000 cells x 50 d x 100 clusters, median of {repeats} calls (ms)"));
        Console.WriteLine("| kernel | old wall | new wall | old CPU | new CPU | CPU ratio |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, old, @new) in kernels.Where(kernel => only is null || kernel.Name == only))
        {
            old();
            @new();
            var oldTimes = new List<(double Wall, double Cpu)>();
            var newTimes = new List<(double Wall, double Cpu)>();
            for (var i = 0; i < repeats; i++)
            {
                oldTimes.Add(Time(old));
                newTimes.Add(Time(@new));
            }

            var ow = Median(oldTimes.Select(t => t.Wall));
            var nw = Median(newTimes.Select(t => t.Wall));
            var oc = Median(oldTimes.Select(t => t.Cpu));
            var nc = Median(newTimes.Select(t => t.Cpu));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {ow:F1} | {nw:F1} | {oc:F1} | {nc:F1} | {nc / oc:F2} |"));
        }
    }

    private static (double Wall, double Cpu) Time(Action action)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        watch.Stop();
        process.Refresh();
        return (watch.Elapsed.TotalMilliseconds, (process.TotalProcessorTime - cpu).TotalMilliseconds);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
