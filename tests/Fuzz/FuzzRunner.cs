using System.Diagnostics;
using System.Globalization;

namespace PllmML.Fuzz.Tests;

/// <summary>
/// Runs mutated inputs through a target in process, one at a time on a worker thread with a timeout, measures what
/// each allocates, and classifies every outcome (<see cref="FuzzOutcome"/>). Failing inputs are saved as
/// reproducers.
/// </summary>
public static class FuzzRunner
{
    /// <summary>The allocation cap: a fixed allowance plus a multiple of the input's size.</summary>
    public static long AllocationCap(long fileLength) => (256L << 20) + (256 * fileLength);

    /// <summary>Runs <paramref name="inputs"/> mutated inputs from one seed.</summary>
    /// <param name="target">The format.</param>
    /// <param name="seed">The random seed (replayable).</param>
    /// <param name="inputs">How many inputs.</param>
    public static FuzzReport Run(FuzzTarget target, int seed, int inputs)
    {
        ArgumentNullException.ThrowIfNull(target);
        var work = Directory.CreateTempSubdirectory("pllm-fuzz-");
        var report = new FuzzReport(target.Name, seed);
        var watch = Stopwatch.StartNew();
        try
        {
            var seeds = target.Seeds();
            var references = seeds.Select((bytes, i) => Reference(target, bytes, work.FullName, i)).ToArray();
            for (var index = 0; index < inputs; index++)
            {
                var random = new Random(unchecked((seed * 1_000_003) + index));
                var which = random.Next(seeds.Count);
                var structured = random.Next(3) == 0 ? target.MutateStructured(seeds[which], random) : null;
                var (bytes, mutation) = structured is not null
                    ? (structured, "structured")
                    : Mutator.Mutate(seeds[which], random, target.IsText);
                var path = Path.Combine(work.FullName, $"input-{index}{target.Extension}");
                File.WriteAllBytes(path, bytes);
                var (outcome, detail) = Classify(target, path, references[which], rawCorruption: structured is null);
                report.Add(outcome);
                if (IsFailure(outcome))
                {
                    report.Failures.Add($"seed {seed} input {index} ({mutation}): {outcome}: {detail} [{Save(target, seed, index, bytes)}]");
                }

                if (outcome != FuzzOutcome.Hang)
                {
                    File.Delete(path);
                }
            }
        }
        finally
        {
            report.Elapsed = watch.Elapsed;
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A hung reader may still hold its input open.
            }
        }

        return report;
    }

    /// <summary>Whether an outcome breaks the promise.</summary>
    /// <param name="outcome">The outcome.</param>
    public static bool IsFailure(FuzzOutcome outcome) =>
        outcome is FuzzOutcome.Untyped or FuzzOutcome.Hang or FuzzOutcome.OverAllocation or FuzzOutcome.SilentMisread;

    /// <summary>Reads one file and classifies the outcome.</summary>
    /// <param name="target">The format.</param>
    /// <param name="path">The file.</param>
    /// <param name="reference">The seed's digest, or null when any accepted content is fine.</param>
    /// <param name="rawCorruption">Whether the bytes were corrupted without fixing checksums.</param>
    public static (FuzzOutcome Outcome, string Detail) Classify(FuzzTarget target, string path, string? reference, bool rawCorruption)
    {
        ArgumentNullException.ThrowIfNull(target);
        string? digest = null;
        Exception? error = null;
        long allocated = 0;
        var thread = new Thread(
            () =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    digest = target.Read(path);
                }
#pragma warning disable CA1031 // The point is to see every exception a reader lets through.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    error = exception;
                }
                finally
                {
                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                }
            },
            16 << 20) { IsBackground = true, Name = "fuzz " + target.Name };
        thread.Start();
        if (!thread.Join(target.Timeout))
        {
            return (FuzzOutcome.Hang, $"no result after {target.Timeout.TotalSeconds:0} s");
        }

        var cap = AllocationCap(new FileInfo(path).Length);
        if (allocated > cap)
        {
            return (FuzzOutcome.OverAllocation, $"allocated {allocated >> 20} MiB, cap {cap >> 20} MiB" + (error is null ? string.Empty : $" ({Describe(error)})"));
        }

        if (error is not null)
        {
            return target.IsTyped(error, path) ? (FuzzOutcome.Typed, Describe(error)) : (FuzzOutcome.Untyped, Describe(error));
        }

        if (reference is null || digest == reference)
        {
            return (FuzzOutcome.AcceptedEqual, string.Empty);
        }

        return rawCorruption && target.ChecksumsEverything
            ? (FuzzOutcome.SilentMisread, "a corrupted file was read as other content")
            : (FuzzOutcome.AcceptedChanged, string.Empty);
    }

    private static string Reference(FuzzTarget target, byte[] bytes, string folder, int index)
    {
        var path = Path.Combine(folder, $"seed-{index}{target.Extension}");
        File.WriteAllBytes(path, bytes);
        return target.Read(path);
    }

    private static string Describe(Exception exception)
    {
        var frame = exception.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? string.Empty;
        return $"{exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")} {frame}";
    }

    private static string Save(FuzzTarget target, int seed, int index, byte[] bytes)
    {
        var folder = Path.Combine(FuzzSettings.ReproducerFolder, target.Name);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"seed{seed}-input{index}{target.Extension}"));
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
