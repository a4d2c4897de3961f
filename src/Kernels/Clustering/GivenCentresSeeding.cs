namespace PllmML.Kernels.Clustering;

/// <summary>Starts k-means from given centres (for example a reference implementation's initialisation).</summary>
/// <param name="centres">Row-major k × dimensions centres; copied on every seeding.</param>
public sealed class GivenCentresSeeding(double[] centres) : IKMeansSeeding
{
    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The centres are not k × dimensions.</exception>
    public double[] Seed(ReadOnlySpan<double> data, int dimensions, int clusterCount)
    {
        if (centres.Length != clusterCount * dimensions)
        {
            throw new ArgumentException($"{centres.Length} centre values given; {clusterCount} × {dimensions} expected.", nameof(clusterCount));
        }

        return (double[])centres.Clone();
    }
}
