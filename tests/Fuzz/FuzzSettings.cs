using System.Globalization;

namespace PllmML.Fuzz.Tests;

/// <summary>
/// What a fuzz run does, from the environment: <c>FUZZ_INPUTS</c> (inputs per target per seed; default each target's
/// CI count), <c>FUZZ_SEED</c> (replaces the rotating seed: replay a printed run), <c>FUZZ_TARGET</c> (only that
/// target), <c>FUZZ_REPRODUCERS</c> (where failing inputs are saved; default a temporary folder),
/// <c>FUZZ_REPORT</c> (a TSV file the per-target figures are appended to).
/// </summary>
public static class FuzzSettings
{
    /// <summary>The fixed seed: every run checks these inputs.</summary>
    public const int FixedSeed = 20261204;

    /// <summary>The rotating seed: the UTC day number unless <c>FUZZ_SEED</c> is set.</summary>
    public static int RotatingSeed =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : (int)(DateTime.UtcNow - DateTime.UnixEpoch).TotalDays;

    /// <summary>Inputs per seed for a target.</summary>
    /// <param name="target">The target.</param>
    public static int Inputs(FuzzTarget target) =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_INPUTS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var inputs)
            ? inputs
            : target.DefaultInputs;

    /// <summary>Whether this is a campaign (<c>FUZZ_INPUTS</c> or <c>FUZZ_SEED</c> set) rather than the CI stage.</summary>
    public static bool IsCampaign =>
        Environment.GetEnvironmentVariable("FUZZ_INPUTS") is { Length: > 0 } || Environment.GetEnvironmentVariable("FUZZ_SEED") is { Length: > 0 };

    /// <summary>Whether a target runs (all unless <c>FUZZ_TARGET</c> names another).</summary>
    /// <param name="target">The target.</param>
    public static bool Selected(FuzzTarget target) =>
        Environment.GetEnvironmentVariable("FUZZ_TARGET") is not { Length: > 0 } only
        || only.Split(',').Contains(target.Name, StringComparer.Ordinal);

    /// <summary>Where failing inputs are saved.</summary>
    public static string ReproducerFolder =>
        Environment.GetEnvironmentVariable("FUZZ_REPRODUCERS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Path.GetTempPath(), "pllm-fuzz-reproducers");

    /// <summary>The report file, or null.</summary>
    public static string? ReportFile => Environment.GetEnvironmentVariable("FUZZ_REPORT") is { Length: > 0 } file ? file : null;
}
