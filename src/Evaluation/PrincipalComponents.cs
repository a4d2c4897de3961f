using PllmML.Kernels.LinearAlgebra;

namespace PllmML.Evaluation;

/// <summary>
/// Principal components of a cells × dimensions matrix (centred), by Jacobi eigen-decomposition of the smaller of
/// the dimensions × dimensions covariance and the cells × cells Gram matrix — meant for embeddings of up to a few
/// hundred dimensions, or up to about a thousand cells.
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

        if (dimensions > cellCount)
        {
            return FitByGram(data, cellCount, dimensions, componentCount, means);
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

        var (values, vectors) = SymmetricEigen.Jacobi(covariance, dimensions);
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

    private static PrincipalComponents FitByGram(IReadOnlyList<double> data, int n, int d, int componentCount, double[] means)
    {
        var centred = new double[n * d];
        for (var i = 0; i < n; i++)
        {
            for (var t = 0; t < d; t++)
            {
                centred[(i * d) + t] = data[(i * d) + t] - means[t];
            }
        }

        var gram = new double[n * n];
        Parallel.For(0, n, i =>
        {
            var row = centred.AsSpan(i * d, d);
            for (var j = 0; j <= i; j++)
            {
                gram[(i * n) + j] = System.Numerics.Tensors.TensorPrimitives.Dot(row, centred.AsSpan(j * d, d));
            }
        });
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                gram[(j * n) + i] = gram[(i * n) + j];
            }
        }

        // Gram = U Λ Uᵀ; the scores are U √Λ and the component variances Λ / (n − 1).
        var (values, vectors) = LeadingEigen(gram, n, componentCount);
        var scores = new double[n * componentCount];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < componentCount; c++)
            {
                scores[(i * componentCount) + c] = vectors[(i * componentCount) + c] * Math.Sqrt(Math.Max(values[c], 0));
            }
        }

        return new PrincipalComponents(scores, values.Take(componentCount).Select(v => Math.Max(v, 0) / (n - 1)).ToArray(), n, componentCount);
    }

    /// <summary>
    /// The leading eigenpairs of a symmetric positive semi-definite n × n matrix by subspace iteration with
    /// Rayleigh–Ritz (Jacobi on the small projected matrix), with 10 extra vectors and three products per step, until
    /// the wanted Ritz values change by less than 1e-9 of the largest (at most 200 steps). Eigenvectors come back row-major n × count.
    /// </summary>
    private static (double[] Values, double[] Vectors) LeadingEigen(double[] matrix, int n, int count)
    {
        var m = Math.Min(n, count + 10);
        var random = new Random(1);
        var basis = new double[n * m];
        for (var i = 0; i < basis.Length; i++)
        {
            basis[i] = random.NextDouble() - 0.5;
        }

        Orthonormalise(basis, n, m);
        var previous = new double[count];
        double[] ritzValues = [];
        double[] ritzVectors = [];
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var product = Multiply(matrix, n, basis, m);
            var projected = new double[m * m];
            for (var a = 0; a < m; a++)
            {
                for (var b = 0; b < m; b++)
                {
                    var sum = 0.0;
                    for (var i = 0; i < n; i++)
                    {
                        sum += basis[(i * m) + a] * product[(i * m) + b];
                    }

                    projected[(a * m) + b] = sum;
                }
            }

            for (var a = 0; a < m; a++)
            {
                for (var b = a + 1; b < m; b++)
                {
                    var mean = (projected[(a * m) + b] + projected[(b * m) + a]) / 2;
                    projected[(a * m) + b] = projected[(b * m) + a] = mean;
                }
            }

            var (values, small) = SymmetricEigen.Jacobi(projected, m);
            ritzValues = values;
            ritzVectors = new double[n * m];
            for (var i = 0; i < n; i++)
            {
                for (var c = 0; c < m; c++)
                {
                    var sum = 0.0;
                    for (var a = 0; a < m; a++)
                    {
                        sum += basis[(i * m) + a] * small[(a * m) + c];
                    }

                    ritzVectors[(i * m) + c] = sum;
                }
            }

            var converged = Enumerable.Range(0, count).All(c => Math.Abs(values[c] - previous[c]) <= 1e-9 * Math.Max(Math.Abs(values[0]), 1e-300));
            Array.Copy(values, previous, count);
            if (converged && iteration > 2)
            {
                break;
            }

            // Three products per orthonormalisation: the subspace converges with the cube of the eigenvalue ratios.
            basis = Multiply(matrix, n, Multiply(matrix, n, Multiply(matrix, n, ritzVectors, m), m), m);
            Orthonormalise(basis, n, m);
        }

        var vectors = new double[n * count];
        for (var i = 0; i < n; i++)
        {
            Array.Copy(ritzVectors, i * m, vectors, i * count, count);
        }

        return (ritzValues.Take(count).ToArray(), vectors);
    }

    private static double[] Multiply(double[] matrix, int n, double[] basis, int m)
    {
        var result = new double[n * m];
        Parallel.For(0, n, i =>
        {
            var target = result.AsSpan(i * m, m);
            for (var k = 0; k < n; k++)
            {
                var value = matrix[(i * n) + k];
                if (value != 0)
                {
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(basis.AsSpan(k * m, m), value, target, target);
                }
            }
        });
        return result;
    }

    private static void Orthonormalise(double[] basis, int n, int m)
    {
        for (var c = 0; c < m; c++)
        {
            for (var pass = 0; pass < 2; pass++)
            {
                for (var p = 0; p < c; p++)
                {
                    var dot = 0.0;
                    for (var i = 0; i < n; i++)
                    {
                        dot += basis[(i * m) + c] * basis[(i * m) + p];
                    }

                    for (var i = 0; i < n; i++)
                    {
                        basis[(i * m) + c] -= dot * basis[(i * m) + p];
                    }
                }
            }

            var norm = 0.0;
            for (var i = 0; i < n; i++)
            {
                norm += basis[(i * m) + c] * basis[(i * m) + c];
            }

            norm = Math.Sqrt(norm);
            for (var i = 0; i < n; i++)
            {
                basis[(i * m) + c] = norm > 0 ? basis[(i * m) + c] / norm : 0;
            }
        }
    }
}
