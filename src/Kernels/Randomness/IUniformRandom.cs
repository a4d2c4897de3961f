namespace PllmML.Kernels.Randomness;

/// <summary>
/// The two uniform draws the kernels' randomised steps need (k-means++ seeding), so a caller chooses the generator:
/// <see cref="SplitMix64"/> for a platform-fixed, replayable sequence, <see cref="SystemRandom"/> for
/// <see cref="System.Random"/>'s.
/// </summary>
public interface IUniformRandom
{
    /// <summary>A uniform double in [0, 1).</summary>
    double NextDouble();

    /// <summary>A uniform index in [0, <paramref name="n"/>).</summary>
    /// <param name="n">The exclusive upper bound, positive.</param>
    int NextIndex(int n);
}
