namespace PllmML.Kernels.Randomness;

/// <summary><see cref="System.Random"/> as an <see cref="IUniformRandom"/>: <c>Next(n)</c> and <c>NextDouble()</c>.</summary>
/// <param name="random">The generator drawn from.</param>
public sealed class SystemRandom(System.Random random) : IUniformRandom
{
    /// <summary>A generator seeded with <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed of <see cref="System.Random"/>.</param>
    public SystemRandom(int seed)
        : this(new System.Random(seed))
    {
    }

    /// <inheritdoc/>
    public double NextDouble() => random.NextDouble();

    /// <inheritdoc/>
    public int NextIndex(int n) => random.Next(n);
}
