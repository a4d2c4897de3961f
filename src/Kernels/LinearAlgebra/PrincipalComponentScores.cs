namespace PllmML.Kernels.LinearAlgebra;

/// <summary>The cell scores and variances of leading principal components (see <see cref="PrincipalComponents.FitScores"/>).</summary>
/// <param name="Scores">Cell scores, row-major cells × components.</param>
/// <param name="ExplainedVariance">The variance of each component (eigenvalues of the covariance with n − 1 denominator).</param>
/// <param name="CellCount">Number of cells.</param>
/// <param name="ComponentCount">Number of components.</param>
public sealed record PrincipalComponentScores(IReadOnlyList<double> Scores, IReadOnlyList<double> ExplainedVariance, int CellCount, int ComponentCount);
