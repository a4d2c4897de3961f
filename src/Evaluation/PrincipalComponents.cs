namespace PllmML.Evaluation;

/// <summary>
/// Principal components of a cells × dimensions matrix (centred; eigen-decomposition of the dimensions ×
/// dimensions covariance by Jacobi rotations, so meant for embeddings of up to a few hundred dimensions).
/// </summary>
public sealed class PrincipalComponents
{
    private PrincipalComponents(double[] scores, double[] variances, int cellCount, int componentCount)
    {
        Scores = scores;
        ExplainedVariance = variances;
        CellCount = cellCount;
        ComponentCount = componentCount;
    }

    /// <summary>Cell scores, row-major cells × components.</summary>
    public IReadOnlyList<double> Scores { get; }

    /// <summary>The variance of each component (eigenvalues of the covariance with n − 1 denominator).</summary>
    public IReadOnlyList<double> ExplainedVariance { get; }

    /// <summary>Number of cells.</summary>
    public int CellCount { get; }

    /// <summary>Number of components.</summary>
    public int ComponentCount { get; }

    /// <summary>Computes the first <paramref name="componentCount"/> components.</summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="cellCount">Rows.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="componentCount">Components to keep; at most min(cells, dimensions).</param>
    public static PrincipalComponents Fit(IReadOnlyList<double> data, int cellCount, int dimensions, int componentCount)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(componentCount, Math.Min(cellCount, dimensions));
        ArgumentOutOfRangeException.ThrowIfLessThan(cellCount, 2);
        var means = new double[dimensions];
        for (var i = 0; i < cellCount; i++)
        {
            for (var t = 0; t < dimensions; t++)
            {
                means[t] += data[(i * dimensions) + t];
            }
        }

        for (var t = 0; t < dimensions; t++)
        {
            means[t] /= cellCount;
        }

        var covariance = new double[dimensions * dimensions];
        var centred = new double[dimensions];
        for (var i = 0; i < cellCount; i++)
        {
            for (var t = 0; t < dimensions; t++)
            {
                centred[t] = data[(i * dimensions) + t] - means[t];
            }

            for (var s = 0; s < dimensions; s++)
            {
                for (var t = s; t < dimensions; t++)
                {
                    covariance[(s * dimensions) + t] += centred[s] * centred[t];
                }
            }
        }

        for (var s = 0; s < dimensions; s++)
        {
            for (var t = s; t < dimensions; t++)
            {
                var value = covariance[(s * dimensions) + t] / (cellCount - 1);
                covariance[(s * dimensions) + t] = value;
                covariance[(t * dimensions) + s] = value;
            }
        }

        var (values, vectors) = SymmetricEigen.Decompose(covariance, dimensions);
        var scores = new double[cellCount * componentCount];
        for (var i = 0; i < cellCount; i++)
        {
            for (var c = 0; c < componentCount; c++)
            {
                var sum = 0.0;
                for (var t = 0; t < dimensions; t++)
                {
                    sum += (data[(i * dimensions) + t] - means[t]) * vectors[(t * dimensions) + c];
                }

                scores[(i * componentCount) + c] = sum;
            }
        }

        return new PrincipalComponents(scores, values.Take(componentCount).Select(v => Math.Max(v, 0)).ToArray(), cellCount, componentCount);
    }
}
