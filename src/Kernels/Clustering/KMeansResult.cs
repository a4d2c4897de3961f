namespace PllmML.Kernels.Clustering;

/// <summary>The outcome of <see cref="KMeans.Fit"/>.</summary>
/// <param name="Centres">Row-major k × dimensions final centres.</param>
/// <param name="Labels">The cluster of every point (assigned against the centres before their last move).</param>
/// <param name="Inertia">Sum of squared distances of the points to their assigned centres at the last assignment.</param>
/// <param name="Iterations">Assignment rounds run.</param>
public sealed record KMeansResult(double[] Centres, int[] Labels, double Inertia, int Iterations);
