namespace PllmML.Esm;

/// <summary>What the CPU offers for reduced-precision arithmetic, read once from <c>/proc/cpuinfo</c> (Linux).</summary>
internal static class CpuFeatures
{
    private static readonly Lazy<HashSet<string>> Flags = new(ReadFlags);

    /// <summary>Whether the CPU has bfloat16 dot-product instructions (AVX512_BF16 or AMX-BF16).</summary>
    public static bool HasBFloat16Arithmetic => Flags.Value.Contains("avx512_bf16") || Flags.Value.Contains("amx_bf16");

    private static HashSet<string> ReadFlags()
    {
        const string path = "/proc/cpuinfo";
        if (!File.Exists(path))
        {
            return [];
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
        return line is null ? [] : [.. line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }
}
