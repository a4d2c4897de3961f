using System.Numerics.Tensors;

namespace PllmML.Evaluation;

/// <summary>
/// Squared Euclidean distances between query rows and reference rows, one block of reference rows at a time, so
/// that no N × N matrix ever exists. The reference block is packed dimension-major, and each query row accumulates
/// its dot products with the whole block by vector multiply-adds (the outer-product form of a matrix product).
/// Distances are in double precision: ‖x‖² + ‖y‖² − 2x·y, clamped at 0.
/// </summary>
internal static class DistanceBlocks
{
    public const int BlockSize = 512;

    /// <summary>
    /// Calls <paramref name="visit"/> for every query row (in parallel over query rows) and every reference block
    /// with the squared distances of that row to the block's rows.
    /// </summary>
    public static void ForEach(
        double[] data,
        int dimensions,
        IReadOnlyList<int> queries,
        IReadOnlyList<int> references,
        Func<object?> createState,
        Action<object?, int, int, ReadOnlySpan<double>> visit,
        Action<object?, int>? finishRow = null)
    {
        var norms = new double[data.Length / dimensions];
        for (var i = 0; i < norms.Length; i++)
        {
            var row = data.AsSpan(i * dimensions, dimensions);
            norms[i] = TensorPrimitives.Dot(row, row);
        }

        const int queryChunk = 256;
        var chunkCount = (queries.Count + queryChunk - 1) / queryChunk;
        Parallel.For(0, chunkCount, chunk =>
        {
            var start = chunk * queryChunk;
            var end = Math.Min(queries.Count, start + queryChunk);
            var states = new object?[end - start];
            for (var q = start; q < end; q++)
            {
                states[q - start] = createState();
            }

            var packed = new double[dimensions * BlockSize];
            var accumulator = new double[BlockSize];
            var referenceNorms = new double[BlockSize];
            for (var blockStart = 0; blockStart < references.Count; blockStart += BlockSize)
            {
                var blockLength = Math.Min(BlockSize, references.Count - blockStart);
                Pack(data, dimensions, references, blockStart, blockLength, packed, referenceNorms, norms);
                for (var q = start; q < end; q++)
                {
                    var query = queries[q];
                    var acc = accumulator.AsSpan(0, blockLength);
                    acc.Clear();
                    var row = data.AsSpan(query * dimensions, dimensions);
                    for (var t = 0; t < dimensions; t++)
                    {
                        TensorPrimitives.MultiplyAdd(packed.AsSpan(t * BlockSize, blockLength), row[t], acc, acc);
                    }

                    // acc ← max(0, ‖q‖² + ‖r‖² − 2 q·r)
                    TensorPrimitives.MultiplyAdd(acc, -2.0, referenceNorms.AsSpan(0, blockLength), acc);
                    TensorPrimitives.Add(acc, norms[query], acc);
                    TensorPrimitives.Max(acc, 0.0, acc);
                    visit(states[q - start], q, blockStart, acc);
                }
            }

            if (finishRow is not null)
            {
                for (var q = start; q < end; q++)
                {
                    finishRow(states[q - start], q);
                }
            }
        });
    }

    private static void Pack(
        double[] data, int dimensions, IReadOnlyList<int> references, int blockStart, int blockLength,
        double[] packed, double[] referenceNorms, double[] norms)
    {
        for (var j = 0; j < blockLength; j++)
        {
            var reference = references[blockStart + j];
            referenceNorms[j] = norms[reference];
            var offset = reference * dimensions;
            for (var t = 0; t < dimensions; t++)
            {
                packed[(t * BlockSize) + j] = data[offset + t];
            }
        }
    }

    /// <summary>The exact squared distance of two rows, by differences (used to refine selected neighbours).</summary>
    public static double Exact(double[] data, int dimensions, int a, int b)
    {
        var sum = 0.0;
        var x = data.AsSpan(a * dimensions, dimensions);
        var y = data.AsSpan(b * dimensions, dimensions);
        for (var t = 0; t < dimensions; t++)
        {
            var d = x[t] - y[t];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>0, 1, …, count − 1.</summary>
    public static int[] All(int count) => Enumerable.Range(0, count).ToArray();
}
