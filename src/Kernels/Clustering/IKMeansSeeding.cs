namespace PllmML.Kernels.Clustering;

/// <summary>How <see cref="KMeans"/> chooses its initial centres.</summary>
public interface IKMeansSeeding
{
    /// <summary>The initial centres.</summary>
    /// <param name="data">Row-major points × dimensions.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="clusterCount">k.</param>
    /// <returns>Row-major k × dimensions centres (a new array; <see cref="KMeans"/> moves them).</returns>
    double[] Seed(ReadOnlySpan<double> data, int dimensions, int clusterCount);
}
