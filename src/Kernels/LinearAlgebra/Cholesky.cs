namespace PllmML.Kernels.LinearAlgebra;

/// <summary>
/// The Cholesky factor L (A = L·Lᵀ) of a symmetric positive-definite matrix, for solving systems with it and
/// inverting it.
/// </summary>
public sealed class Cholesky
{
    private readonly double[] _lower;

    private Cholesky(double[] lower, int size)
    {
        _lower = lower;
        Size = size;
    }

    /// <summary>The matrix size.</summary>
    public int Size { get; }

    /// <summary>Factors a row-major n × n symmetric positive-definite matrix (only its lower triangle is read).</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="n">Its size.</param>
    /// <exception cref="ArgumentException">The matrix is not positive definite.</exception>
    public static Cholesky Factor(ReadOnlySpan<double> matrix, int n)
    {
        if (matrix.Length < n * n)
        {
            throw new ArgumentException($"A {n} × {n} matrix needs {n * n} values, got {matrix.Length}.", nameof(matrix));
        }

        var lower = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = matrix[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= lower[(i * n) + k] * lower[(j * n) + k];
                }

                if (i == j)
                {
                    if (!(sum > 0))
                    {
                        throw new ArgumentException($"The matrix is not positive definite (pivot {i} is {sum:G4}).", nameof(matrix));
                    }

                    lower[(i * n) + i] = Math.Sqrt(sum);
                }
                else
                {
                    lower[(i * n) + j] = sum / lower[(j * n) + j];
                }
            }
        }

        return new Cholesky(lower, n);
    }

    /// <summary>Solves A·x = b in place.</summary>
    /// <param name="b">The right-hand side; overwritten with x.</param>
    public void Solve(Span<double> b)
    {
        var n = Size;
        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++)
            {
                sum -= _lower[(i * n) + k] * b[k];
            }

            b[i] = sum / _lower[(i * n) + i];
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= _lower[(k * n) + i] * b[k];
            }

            b[i] = sum / _lower[(i * n) + i];
        }
    }

    /// <summary>The inverse A⁻¹, row-major.</summary>
    public double[] Inverse()
    {
        var n = Size;
        var inverse = new double[n * n];
        var column = new double[n];
        for (var j = 0; j < n; j++)
        {
            Array.Clear(column);
            column[j] = 1;
            Solve(column);
            for (var i = 0; i < n; i++)
            {
                inverse[(i * n) + j] = column[i];
            }
        }

        return inverse;
    }
}
