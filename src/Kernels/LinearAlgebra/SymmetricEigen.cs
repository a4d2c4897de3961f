namespace PllmML.Kernels.LinearAlgebra;

/// <summary>Eigenpairs of dense symmetric matrices: cyclic Jacobi for small ones, Lanczos for the leading pairs of large ones.</summary>
public static class SymmetricEigen
{
    /// <summary>The leading eigenpairs, eigenvalues descending; vectors as an n × count row-major matrix (columns are vectors).</summary>
    /// <param name="matrix">The symmetric matrix, n × n row-major; not changed.</param>
    /// <param name="n">Its order.</param>
    /// <param name="count">How many leading pairs.</param>
    /// <param name="seed">Seed of the Lanczos start vector (used for large matrices only).</param>
    public static (double[] Values, double[] Vectors) Leading(double[] matrix, int n, int count, int seed)
    {
        var width = Math.Min(n, (2 * count) + 20);
        if (width * 2 >= n || n <= 200)
        {
            var (values, vectors) = Jacobi(matrix, n);
            return Take(values, vectors, n, n, count);
        }

        return Lanczos(matrix, n, count, seed);
    }

    /// <summary>All eigenpairs by cyclic Jacobi; values descending, vectors as columns of an n × n row-major matrix.</summary>
    /// <param name="matrix">The symmetric matrix, n × n row-major; not changed.</param>
    /// <param name="n">Its order.</param>
    public static (double[] Values, double[] Vectors) Jacobi(double[] matrix, int n)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var a = (double[])matrix.Clone();
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

    private static (double[] Values, double[] Vectors) Lanczos(double[] c, int n, int count, int seed)
    {
        // Lanczos with full reorthogonalisation; the Krylov space grows until the wanted Ritz pairs' residuals
        // |β·s_last| are below 1e-9 of the largest eigenvalue (or the space is the whole space).
        var random = new Random(seed);
        var start = new double[n];
        for (var i = 0; i < n; i++)
        {
            start[i] = random.NextDouble() - 0.5;
        }

        var basis = new List<double[]>();
        var alpha = new List<double>();
        var beta = new List<double>();
        var v = Normalised(start);
        var steps = Math.Min(n, (4 * count) + 50);
        while (true)
        {
            while (basis.Count < steps)
            {
                basis.Add(v);
                var w = MatrixVector(c, v, n);
                var a = Dot(w, v);
                alpha.Add(a);
                foreach (var q in basis)
                {
                    Subtract(w, q, Dot(w, q));
                }

                foreach (var q in basis)
                {
                    Subtract(w, q, Dot(w, q));
                }

                var b = Math.Sqrt(Dot(w, w));
                beta.Add(b);
                if (b < 1e-12 * Math.Abs(alpha[0]))
                {
                    break;
                }

                v = w;
                for (var i = 0; i < n; i++)
                {
                    v[i] /= b;
                }
            }

            var m = basis.Count;
            var t = new double[m * m];
            for (var i = 0; i < m; i++)
            {
                t[(i * m) + i] = alpha[i];
                if (i + 1 < m)
                {
                    t[(i * m) + i + 1] = beta[i];
                    t[((i + 1) * m) + i] = beta[i];
                }
            }

            var (theta, s) = Jacobi(t, m);
            var wanted = Math.Min(count, m);
            var converged = m == n || beta[m - 1] < 1e-12 * Math.Abs(theta[0]);
            if (!converged)
            {
                converged = true;
                for (var k = 0; k < wanted && converged; k++)
                {
                    converged = Math.Abs(beta[m - 1] * s[((m - 1) * m) + k]) <= 1e-9 * Math.Abs(theta[0]);
                }
            }

            if (converged || m < steps)
            {
                var vectors = new double[n * count];
                for (var j = 0; j < m; j++)
                {
                    var q = basis[j];
                    for (var row = 0; row < n; row++)
                    {
                        for (var k = 0; k < wanted; k++)
                        {
                            vectors[(row * count) + k] += q[row] * s[(j * m) + k];
                        }
                    }
                }

                return (theta[..count], vectors);
            }

            steps = Math.Min(n, steps * 2);
        }
    }

    private static double[] Normalised(double[] v)
    {
        var norm = Math.Sqrt(Dot(v, v));
        return v.Select(value => value / norm).ToArray();
    }

    private static double Dot(double[] a, double[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static void Subtract(double[] w, double[] q, double factor) =>
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(q, -factor, w, w);

    private static double[] MatrixVector(double[] c, double[] v, int n)
    {
        var result = new double[n];
        Parallel.For(0, n, row => result[row] = System.Numerics.Tensors.TensorPrimitives.Dot(c.AsSpan(row * n, n), v));
        return result;
    }

}
