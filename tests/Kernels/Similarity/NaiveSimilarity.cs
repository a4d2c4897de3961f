using PllmML.Kernels.Similarity;

namespace PllmML.Kernels.Tests.Similarity;

/// <summary>
/// The obvious algorithm in double precision: the full similarity matrix, each row and column sorted by score desc,
/// index asc. The reference the fused kernels are checked against.
/// </summary>
internal static class NaiveSimilarity
{
    public static double[,] Matrix(float[] a, int rowsA, float[] b, int rowsB, int width, SimilarityMetric metric)
    {
        var unitA = Unit(a, rowsA, width, metric);
        var unitB = Unit(b, rowsB, width, metric);
        var matrix = new double[rowsA, rowsB];
        for (var i = 0; i < rowsA; i++)
        {
            for (var j = 0; j < rowsB; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < width; k++)
                {
                    sum += unitA[i][k] * unitB[j][k];
                }

                matrix[i, j] = sum;
            }
        }

        return matrix;
    }

    public static (int Index, double Score)[] TopK(double[,] matrix, int query, int k, bool byColumn)
    {
        var count = byColumn ? matrix.GetLength(0) : matrix.GetLength(1);
        return Enumerable.Range(0, count)
            .Select(target => (Index: target, Score: byColumn ? matrix[target, query] : matrix[query, target]))
            .OrderByDescending(pair => pair.Score)
            .ThenBy(pair => pair.Index)
            .Take(k)
            .ToArray();
    }

    /// <summary>
    /// Asserts that the kernel's lists equal the reference: scores within <paramref name="tolerance"/> at every rank,
    /// and the same targets except where the reference scores of the two targets are themselves within tolerance
    /// (a float near-tie the reference's double precision orders otherwise).
    /// </summary>
    public static void AssertMatches(double[,] matrix, TopKNeighbours actual, bool byColumn, double tolerance = 1e-5)
    {
        for (var query = 0; query < actual.QueryCount; query++)
        {
            var expected = TopK(matrix, query, actual.K, byColumn);
            var indices = actual.NeighboursOf(query);
            var scores = actual.ScoresOf(query);
            for (var rank = 0; rank < actual.K; rank++)
            {
                if (rank >= expected.Length)
                {
                    Assert.Equal(-1, indices[rank]);
                    continue;
                }

                Assert.True(
                    Math.Abs(scores[rank] - expected[rank].Score) <= tolerance,
                    $"query {query} rank {rank}: {scores[rank]} vs {expected[rank].Score}");
                if (indices[rank] != expected[rank].Index)
                {
                    var actualScore = byColumn ? matrix[indices[rank], query] : matrix[query, indices[rank]];
                    Assert.True(
                        Math.Abs(actualScore - expected[rank].Score) <= tolerance,
                        $"query {query} rank {rank}: target {indices[rank]} instead of {expected[rank].Index}");
                }
            }
        }
    }

    public static float[] Random(int rows, int width, int seed, float offset = 0f)
    {
        var random = new Random(seed);
        var values = new float[rows * width];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1) + offset;
        }

        return values;
    }

    private static double[][] Unit(float[] values, int rows, int width, SimilarityMetric metric)
    {
        var result = new double[rows][];
        for (var row = 0; row < rows; row++)
        {
            var vector = values.AsSpan(row * width, width).ToArray().Select(v => (double)v).ToArray();
            var mean = metric == SimilarityMetric.Pearson ? vector.Average() : 0.0;
            var centred = vector.Select(v => v - mean).ToArray();
            var norm = Math.Sqrt(centred.Sum(v => v * v));
            result[row] = centred.Select(v => v / norm).ToArray();
        }

        return result;
    }
}
