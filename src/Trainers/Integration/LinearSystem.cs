namespace PllmML.Trainers.Integration;

/// <summary>Small dense linear systems.</summary>
internal static class LinearSystem
{
    /// <summary>Solves A X = B by Gaussian elimination with partial pivoting; A is n × n, B is n × m (row-major).</summary>
    public static double[] Solve(double[] a, double[] b, int n, int m)
    {
        a = (double[])a.Clone();
        b = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(a[(row * n) + col]) > Math.Abs(a[(pivot * n) + col]))
                {
                    pivot = row;
                }
            }

            if (a[(pivot * n) + col] == 0)
            {
                throw new InvalidOperationException("The ridge system is singular.");
            }

            if (pivot != col)
            {
                Swap(a, pivot * n, col * n, n);
                Swap(b, pivot * m, col * m, m);
            }

            for (var row = col + 1; row < n; row++)
            {
                var factor = a[(row * n) + col] / a[(col * n) + col];
                if (factor == 0)
                {
                    continue;
                }

                for (var j = col; j < n; j++)
                {
                    a[(row * n) + j] -= factor * a[(col * n) + j];
                }

                for (var j = 0; j < m; j++)
                {
                    b[(row * m) + j] -= factor * b[(col * m) + j];
                }
            }
        }

        var x = new double[n * m];
        for (var row = n - 1; row >= 0; row--)
        {
            for (var j = 0; j < m; j++)
            {
                var sum = b[(row * m) + j];
                for (var k = row + 1; k < n; k++)
                {
                    sum -= a[(row * n) + k] * x[(k * m) + j];
                }

                x[(row * m) + j] = sum / a[(row * n) + row];
            }
        }

        return x;
    }

    private static void Swap(double[] values, int first, int second, int length)
    {
        for (var i = 0; i < length; i++)
        {
            (values[first + i], values[second + i]) = (values[second + i], values[first + i]);
        }
    }
}
