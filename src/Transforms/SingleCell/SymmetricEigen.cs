namespace PllmML.Transforms.SingleCell;

/// <summary>Eigenpairs of dense symmetric matrices: cyclic Jacobi for small ones, subspace iteration for the leading pairs of large ones.</summary>
internal static class SymmetricEigen
{
    private const int MaxIterations = 2000;

    /// <summary>The leading eigenpairs, eigenvalues descending; vectors as an n × count row-major matrix (columns are vectors).</summary>
    public static (double[] Values, double[] Vectors) Leading(double[] matrix, int n, int count, int seed)
    {
        if (n <= 2 * (count + 20) || n <= 200)
        {
            var (values, vectors) = Jacobi((double[])matrix.Clone(), n);
            return Take(values, vectors, n, n, count);
        }

        return SubspaceIteration(matrix, n, count, Math.Min(n, count + 20), seed);
    }

    /// <summary>All eigenpairs by cyclic Jacobi; values descending, vectors as columns of an n × n row-major matrix.</summary>
    public static (double[] Values, double[] Vectors) Jacobi(double[] a, int n)
    {
        var v = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            v[(i * n) + i] = 1;
        }

        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diagonal = 0;
            for (var p = 0; p < n; p++)
            {
                diagonal += a[(p * n) + p] * a[(p * n) + p];
                for (var q = p + 1; q < n; q++)
                {
                    off += a[(p * n) + q] * a[(p * n) + q];
                }
            }

            if (off <= 1e-30 * diagonal || off == 0)
            {
                break;
            }

            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    Rotate(a, v, n, p, q);
                }
            }
        }

        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = a[(i * n) + i];
        }

        var order = Enumerable.Range(0, n).OrderByDescending(i => values[i]).ToArray();
        var sortedVectors = new double[n * n];
        for (var k = 0; k < n; k++)
        {
            for (var row = 0; row < n; row++)
            {
                sortedVectors[(row * n) + k] = v[(row * n) + order[k]];
            }
        }

        return (order.Select(i => values[i]).ToArray(), sortedVectors);
    }

    private static void Rotate(double[] a, double[] v, int n, int p, int q)
    {
        var apq = a[(p * n) + q];
        if (Math.Abs(apq) < 1e-300)
        {
            return;
        }

        var theta = (a[(q * n) + q] - a[(p * n) + p]) / (2 * apq);
        var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
        if (theta == 0)
        {
            t = 1;
        }

        var c = 1 / Math.Sqrt((t * t) + 1);
        var s = t * c;
        for (var k = 0; k < n; k++)
        {
            var akp = a[(k * n) + p];
            var akq = a[(k * n) + q];
            a[(k * n) + p] = (c * akp) - (s * akq);
            a[(k * n) + q] = (s * akp) + (c * akq);
        }

        for (var k = 0; k < n; k++)
        {
            var apk = a[(p * n) + k];
            var aqk = a[(q * n) + k];
            a[(p * n) + k] = (c * apk) - (s * aqk);
            a[(q * n) + k] = (s * apk) + (c * aqk);
        }

        for (var k = 0; k < n; k++)
        {
            var vkp = v[(k * n) + p];
            var vkq = v[(k * n) + q];
            v[(k * n) + p] = (c * vkp) - (s * vkq);
            v[(k * n) + q] = (s * vkp) + (c * vkq);
        }
    }

    private static (double[] Values, double[] Vectors) Take(double[] values, double[] vectors, int n, int width, int count)
    {
        var taken = new double[n * count];
        for (var row = 0; row < n; row++)
        {
            Array.Copy(vectors, row * width, taken, row * count, count);
        }

        return (values[..count], taken);
    }

    private static (double[] Values, double[] Vectors) SubspaceIteration(double[] c, int n, int count, int m, int seed)
    {
        var random = new Random(seed);
        var q = new double[n * m];
        for (var i = 0; i < q.Length; i++)
        {
            q[i] = random.NextDouble() - 0.5;
        }

        Orthonormalise(q, n, m);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var z = Multiply(c, q, n, m);
            var h = new double[m * m];
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < m; j++)
                {
                    double sum = 0;
                    for (var row = 0; row < n; row++)
                    {
                        sum += q[(row * m) + i] * z[(row * m) + j];
                    }

                    h[(i * m) + j] = sum;
                }
            }

            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    var mean = (h[(i * m) + j] + h[(j * m) + i]) / 2;
                    h[(i * m) + j] = mean;
                    h[(j * m) + i] = mean;
                }
            }

            var (theta, w) = Jacobi(h, m);
            var ritz = Times(q, w, n, m);
            var image = Times(z, w, n, m);
            if (Converged(ritz, image, theta, n, m, count))
            {
                return Take(theta, ritz, n, m, count);
            }

            Orthonormalise(image, n, m);
            q = image;
        }

        throw new InvalidOperationException($"The leading {count} eigenvectors did not converge in {MaxIterations} iterations.");
    }

    private static bool Converged(double[] ritz, double[] image, double[] theta, int n, int m, int count)
    {
        var tolerance = 1e-7 * Math.Abs(theta[0]);
        for (var k = 0; k < count; k++)
        {
            double residual = 0;
            for (var row = 0; row < n; row++)
            {
                var r = image[(row * m) + k] - (theta[k] * ritz[(row * m) + k]);
                residual += r * r;
            }

            if (Math.Sqrt(residual) > tolerance)
            {
                return false;
            }
        }

        return true;
    }

    private static double[] Multiply(double[] c, double[] q, int n, int m)
    {
        var z = new double[n * m];
        Parallel.For(0, n, row =>
        {
            var target = z.AsSpan(row * m, m);
            for (var k = 0; k < n; k++)
            {
                var factor = c[(row * n) + k];
                if (factor != 0)
                {
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(q.AsSpan(k * m, m), factor, target, target);
                }
            }
        });
        return z;
    }

    private static double[] Times(double[] a, double[] w, int n, int m)
    {
        var result = new double[n * m];
        for (var row = 0; row < n; row++)
        {
            var target = result.AsSpan(row * m, m);
            for (var k = 0; k < m; k++)
            {
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(w.AsSpan(k * m, m), a[(row * m) + k], target, target);
            }
        }

        return result;
    }

    private static void Orthonormalise(double[] q, int n, int m)
    {
        for (var j = 0; j < m; j++)
        {
            for (var pass = 0; pass < 2; pass++)
            {
                for (var i = 0; i < j; i++)
                {
                    double dot = 0;
                    for (var row = 0; row < n; row++)
                    {
                        dot += q[(row * m) + i] * q[(row * m) + j];
                    }

                    for (var row = 0; row < n; row++)
                    {
                        q[(row * m) + j] -= dot * q[(row * m) + i];
                    }
                }
            }

            double norm = 0;
            for (var row = 0; row < n; row++)
            {
                norm += q[(row * m) + j] * q[(row * m) + j];
            }

            norm = Math.Sqrt(norm);
            for (var row = 0; row < n; row++)
            {
                q[(row * m) + j] = norm > 0 ? q[(row * m) + j] / norm : 0;
            }
        }
    }
}
