namespace PllmML.Kernels.Randomness;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a tiny generator with a fixed, documented output sequence, so Harmony's
/// random choices (k-means++ seeding, block order) are the same on every platform and can be replayed by the Python
/// reference in <c>tests/Trainers/Integration/fixtures/harmony_reference.py</c>.
/// </summary>
/// <param name="seed">The initial state.</param>
public sealed class SplitMix64(ulong seed) : IUniformRandom
{
    private ulong _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        unchecked
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A uniform double in [0, 1) from the top 53 bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform index in [0, n) (modulo reduction; the bias is below 2⁻⁴⁰ for n &lt; 2²⁴).</summary>
    public int NextIndex(int n) => (int)(Next() % (ulong)n);

    /// <summary>Fisher–Yates shuffle from the last position down.</summary>
    /// <param name="values">Shuffled in place.</param>
    public void Shuffle(int[] values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = NextIndex(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
