using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace PllmML.Kernels.Neighbors;

/// <summary>
/// Squared Euclidean distances between query rows and reference rows, one block of reference rows at a time, so
/// that no N × N matrix ever exists (memory: one 256 × 512 tile per thread). The reference block is packed
/// dimension-major and multiplied with a chunk of queries by a register-blocked FMA micro-kernel.
/// Distances are in double precision: ‖x‖² + ‖y‖² − 2x·y, clamped at 0.
/// </summary>
public static class SquaredDistanceBlocks
{
    /// <summary>Reference rows per block (the length of the spans handed to the visitor).</summary>
    public const int BlockSize = 512;

    /// <summary>
    /// Calls <paramref name="visit"/> for every query row (in parallel over chunks of query rows) and every reference
    /// block with the squared distances of that row to the block's rows.
    /// </summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="queries">The query rows.</param>
    /// <param name="references">The reference rows.</param>
    /// <param name="createState">Makes one state per query row.</param>
    /// <param name="visit">(state, query position, first reference position of the block, squared distances).</param>
    /// <param name="finishRow">Called once per query row after its last block, or null.</param>
    public static void ForEach(
        double[] data,
        int dimensions,
        IReadOnlyList<int> queries,
        IReadOnlyList<int> references,
        Func<object?> createState,
        Action<object?, int, int, ReadOnlySpan<double>> visit,
        Action<object?, int>? finishRow = null)
    {
        var queryRows = queries as int[] ?? [.. queries];
        var referenceRows = references as int[] ?? [.. references];
        var norms = Norms(data, dimensions);

        // A tile holds 256 queries; a reference block packed once serves every tile of a chunk of up to 2,048 queries
        // (packing is a transposing copy of the block, as costly as a few tiles), while at least four chunks per core
        // keep the cores evenly busy.
        const int tileRows = 256;
        var perChunk = (queryRows.Length + (4 * Environment.ProcessorCount) - 1) / (4 * Environment.ProcessorCount);
        var queryChunk = Math.Clamp((perChunk + tileRows - 1) / tileRows, 1, 8) * tileRows;
        var chunkCount = (queryRows.Length + queryChunk - 1) / queryChunk;
        Parallel.For(0, chunkCount, chunk =>
        {
            var start = chunk * queryChunk;
            var end = Math.Min(queryRows.Length, start + queryChunk);
            var states = new object?[end - start];
            for (var q = start; q < end; q++)
            {
                states[q - start] = createState();
            }

            var packed = new double[dimensions * BlockSize];
            var referenceNorms = new double[BlockSize];
            var tile = new double[tileRows * BlockSize];
            for (var blockStart = 0; blockStart < referenceRows.Length; blockStart += BlockSize)
            {
                var blockLength = Math.Min(BlockSize, referenceRows.Length - blockStart);
                Pack(data, dimensions, referenceRows, blockStart, blockLength, packed, referenceNorms, norms);
                for (var tileStart = start; tileStart < end; tileStart += tileRows)
                {
                    var tileEnd = Math.Min(end, tileStart + tileRows);
                    DotTile(data, dimensions, queryRows, tileStart, tileEnd - tileStart, packed, blockLength, tile);
                    for (var q = tileStart; q < tileEnd; q++)
                    {
                        var acc = tile.AsSpan((q - tileStart) * BlockSize, blockLength);

                        // acc ← max(0, ‖q‖² + ‖r‖² − 2 q·r)
                        TensorPrimitives.MultiplyAdd(acc, -2.0, referenceNorms.AsSpan(0, blockLength), acc);
                        TensorPrimitives.Add(acc, norms[queryRows[q]], acc);
                        TensorPrimitives.Max(acc, 0.0, acc);
                        visit(states[q - start], q, blockStart, acc);
                    }
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

    /// <summary>
    /// tile[q, j] = query q · reference j for a chunk of queries and a packed reference block: a register-blocked
    /// micro-kernel of 4 queries × 16 references (16 vector accumulators), so each packed load feeds four FMAs.
    /// </summary>
    /// <remarks>
    /// Every entry is one chain of fused multiply-adds over the dimensions in order, whatever the vector width, so both
    /// paths give the same bits.
    /// </remarks>
    private static void DotTile(double[] data, int dimensions, int[] queryRows, int start, int queryCount, double[] packed, int blockLength, double[] tile)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            DotTile512(data, dimensions, queryRows, start, queryCount, packed, blockLength, tile);
        }
        else
        {
            DotTile256(data, dimensions, queryRows, start, queryCount, packed, blockLength, tile);
        }
    }

    /// <summary><see cref="DotTile"/> on 8-lane vectors: 4 queries × 32 references per micro-tile.</summary>
    internal static void DotTile512(double[] data, int dimensions, int[] queryRows, int start, int queryCount, double[] packed, int blockLength, double[] tile)
    {
        const int lanes = 8;
        var columnGroups = (blockLength + 31) / 32;
        for (var q0 = 0; q0 < queryCount; q0 += 4)
        {
            var r0 = queryRows[start + q0] * dimensions;
            var r1 = queryRows[start + Math.Min(q0 + 1, queryCount - 1)] * dimensions;
            var r2 = queryRows[start + Math.Min(q0 + 2, queryCount - 1)] * dimensions;
            var r3 = queryRows[start + Math.Min(q0 + 3, queryCount - 1)] * dimensions;
            for (var g = 0; g < columnGroups; g++)
            {
                var j = g * 32;
                Vector512<double> a00 = default, a01 = default, a02 = default, a03 = default;
                Vector512<double> a10 = default, a11 = default, a12 = default, a13 = default;
                Vector512<double> a20 = default, a21 = default, a22 = default, a23 = default;
                Vector512<double> a30 = default, a31 = default, a32 = default, a33 = default;
                for (var t = 0; t < dimensions; t++)
                {
                    ref var column = ref packed[(t * BlockSize) + j];
                    var p0 = Vector512.LoadUnsafe(ref column);
                    var p1 = Vector512.LoadUnsafe(ref column, lanes);
                    var p2 = Vector512.LoadUnsafe(ref column, 2 * lanes);
                    var p3 = Vector512.LoadUnsafe(ref column, 3 * lanes);
                    var x0 = Vector512.Create(data[r0 + t]);
                    var x1 = Vector512.Create(data[r1 + t]);
                    var x2 = Vector512.Create(data[r2 + t]);
                    var x3 = Vector512.Create(data[r3 + t]);
                    a00 = Vector512.FusedMultiplyAdd(x0, p0, a00);
                    a01 = Vector512.FusedMultiplyAdd(x0, p1, a01);
                    a02 = Vector512.FusedMultiplyAdd(x0, p2, a02);
                    a03 = Vector512.FusedMultiplyAdd(x0, p3, a03);
                    a10 = Vector512.FusedMultiplyAdd(x1, p0, a10);
                    a11 = Vector512.FusedMultiplyAdd(x1, p1, a11);
                    a12 = Vector512.FusedMultiplyAdd(x1, p2, a12);
                    a13 = Vector512.FusedMultiplyAdd(x1, p3, a13);
                    a20 = Vector512.FusedMultiplyAdd(x2, p0, a20);
                    a21 = Vector512.FusedMultiplyAdd(x2, p1, a21);
                    a22 = Vector512.FusedMultiplyAdd(x2, p2, a22);
                    a23 = Vector512.FusedMultiplyAdd(x2, p3, a23);
                    a30 = Vector512.FusedMultiplyAdd(x3, p0, a30);
                    a31 = Vector512.FusedMultiplyAdd(x3, p1, a31);
                    a32 = Vector512.FusedMultiplyAdd(x3, p2, a32);
                    a33 = Vector512.FusedMultiplyAdd(x3, p3, a33);
                }

                Store(tile, q0 * BlockSize, j, a00, a01, a02, a03);
                if (q0 + 1 < queryCount)
                {
                    Store(tile, (q0 + 1) * BlockSize, j, a10, a11, a12, a13);
                }

                if (q0 + 2 < queryCount)
                {
                    Store(tile, (q0 + 2) * BlockSize, j, a20, a21, a22, a23);
                }

                if (q0 + 3 < queryCount)
                {
                    Store(tile, (q0 + 3) * BlockSize, j, a30, a31, a32, a33);
                }
            }
        }
    }

    internal static void DotTile256(double[] data, int dimensions, int[] queryRows, int start, int queryCount, double[] packed, int blockLength, double[] tile)
    {
        const int lanes = 4;
        var columnGroups = (blockLength + 15) / 16;
        for (var q0 = 0; q0 < queryCount; q0 += 4)
        {
            var r0 = queryRows[start + q0] * dimensions;
            var r1 = queryRows[start + Math.Min(q0 + 1, queryCount - 1)] * dimensions;
            var r2 = queryRows[start + Math.Min(q0 + 2, queryCount - 1)] * dimensions;
            var r3 = queryRows[start + Math.Min(q0 + 3, queryCount - 1)] * dimensions;
            for (var g = 0; g < columnGroups; g++)
            {
                var j = g * 16;
                Vector256<double> a00 = default, a01 = default, a02 = default, a03 = default;
                Vector256<double> a10 = default, a11 = default, a12 = default, a13 = default;
                Vector256<double> a20 = default, a21 = default, a22 = default, a23 = default;
                Vector256<double> a30 = default, a31 = default, a32 = default, a33 = default;
                for (var t = 0; t < dimensions; t++)
                {
                    ref var column = ref packed[(t * BlockSize) + j];
                    var p0 = Vector256.LoadUnsafe(ref column);
                    var p1 = Vector256.LoadUnsafe(ref column, lanes);
                    var p2 = Vector256.LoadUnsafe(ref column, 2 * lanes);
                    var p3 = Vector256.LoadUnsafe(ref column, 3 * lanes);
                    var x0 = Vector256.Create(data[r0 + t]);
                    var x1 = Vector256.Create(data[r1 + t]);
                    var x2 = Vector256.Create(data[r2 + t]);
                    var x3 = Vector256.Create(data[r3 + t]);
                    a00 = Vector256.FusedMultiplyAdd(x0, p0, a00);
                    a01 = Vector256.FusedMultiplyAdd(x0, p1, a01);
                    a02 = Vector256.FusedMultiplyAdd(x0, p2, a02);
                    a03 = Vector256.FusedMultiplyAdd(x0, p3, a03);
                    a10 = Vector256.FusedMultiplyAdd(x1, p0, a10);
                    a11 = Vector256.FusedMultiplyAdd(x1, p1, a11);
                    a12 = Vector256.FusedMultiplyAdd(x1, p2, a12);
                    a13 = Vector256.FusedMultiplyAdd(x1, p3, a13);
                    a20 = Vector256.FusedMultiplyAdd(x2, p0, a20);
                    a21 = Vector256.FusedMultiplyAdd(x2, p1, a21);
                    a22 = Vector256.FusedMultiplyAdd(x2, p2, a22);
                    a23 = Vector256.FusedMultiplyAdd(x2, p3, a23);
                    a30 = Vector256.FusedMultiplyAdd(x3, p0, a30);
                    a31 = Vector256.FusedMultiplyAdd(x3, p1, a31);
                    a32 = Vector256.FusedMultiplyAdd(x3, p2, a32);
                    a33 = Vector256.FusedMultiplyAdd(x3, p3, a33);
                }

                Store(tile, q0 * BlockSize, j, a00, a01, a02, a03);
                if (q0 + 1 < queryCount)
                {
                    Store(tile, (q0 + 1) * BlockSize, j, a10, a11, a12, a13);
                }

                if (q0 + 2 < queryCount)
                {
                    Store(tile, (q0 + 2) * BlockSize, j, a20, a21, a22, a23);
                }

                if (q0 + 3 < queryCount)
                {
                    Store(tile, (q0 + 3) * BlockSize, j, a30, a31, a32, a33);
                }
            }
        }
    }

    private static void Store(double[] tile, int rowOffset, int j, Vector512<double> v0, Vector512<double> v1, Vector512<double> v2, Vector512<double> v3)
    {
        ref var target = ref tile[rowOffset + j];
        v0.StoreUnsafe(ref target);
        v1.StoreUnsafe(ref target, 8);
        v2.StoreUnsafe(ref target, 16);
        v3.StoreUnsafe(ref target, 24);
    }

    private static void Store(double[] tile, int rowOffset, int j, Vector256<double> v0, Vector256<double> v1, Vector256<double> v2, Vector256<double> v3)
    {
        ref var target = ref tile[rowOffset + j];
        v0.StoreUnsafe(ref target);
        v1.StoreUnsafe(ref target, 4);
        v2.StoreUnsafe(ref target, 8);
        v3.StoreUnsafe(ref target, 12);
    }

    private static void Pack(
        double[] data, int dimensions, int[] references, int blockStart, int blockLength,
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
    /// <param name="data">Row-major values.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="a">One row.</param>
    /// <param name="b">The other row.</param>
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

    /// <summary>The squared norm of every row, as <see cref="ForEach"/> computes them.</summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="dimensions">Columns.</param>
    internal static double[] Norms(double[] data, int dimensions)
    {
        var norms = new double[data.Length / dimensions];
        for (var i = 0; i < norms.Length; i++)
        {
            var row = data.AsSpan(i * dimensions, dimensions);
            norms[i] = TensorPrimitives.Dot(row, row);
        }

        return norms;
    }

    /// <summary>
    /// The squared distance of two rows exactly as a tile of <see cref="ForEach"/> holds it, bit for bit: the dot product
    /// accumulated by fused multiply-adds in dimension order from 0 (one lane of the micro-kernel), then
    /// ‖r‖² − 2 q·r, + ‖q‖², clamped at 0. The selection distance of <see cref="ExactKnn"/>, recomputed for a few pairs.
    /// </summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="norms">The rows' squared norms from <see cref="Norms"/>.</param>
    /// <param name="query">The query row.</param>
    /// <param name="reference">The reference row.</param>
    internal static double SelectionDistance(double[] data, int dimensions, double[] norms, int query, int reference)
    {
        var x = data.AsSpan(query * dimensions, dimensions);
        var y = data.AsSpan(reference * dimensions, dimensions);
        var dot = 0.0;
        for (var t = 0; t < x.Length; t++)
        {
            dot = Math.FusedMultiplyAdd(x[t], y[t], dot);
        }

        return Selection(dot, norms[reference], norms[query]);
    }

    /// <summary>
    /// <see cref="SelectionDistance"/> of one query against several references, with the same bits: four references at a
    /// time, each its own chain of fused multiply-adds in dimension order, so the chains overlap instead of waiting on
    /// one another.
    /// </summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="norms">The rows' squared norms from <see cref="Norms"/>.</param>
    /// <param name="query">The query row.</param>
    /// <param name="references">The reference rows.</param>
    /// <param name="distances">Receives one distance per reference.</param>
    internal static void SelectionDistances(double[] data, int dimensions, double[] norms, int query, ReadOnlySpan<int> references, Span<double> distances)
    {
        var x = data.AsSpan(query * dimensions, dimensions);
        var queryNorm = norms[query];
        var r = 0;
        for (; r + 4 <= references.Length; r += 4)
        {
            var y0 = data.AsSpan(references[r] * dimensions, dimensions);
            var y1 = data.AsSpan(references[r + 1] * dimensions, dimensions);
            var y2 = data.AsSpan(references[r + 2] * dimensions, dimensions);
            var y3 = data.AsSpan(references[r + 3] * dimensions, dimensions);
            double d0 = 0, d1 = 0, d2 = 0, d3 = 0;
            for (var t = 0; t < x.Length; t++)
            {
                var value = x[t];
                d0 = Math.FusedMultiplyAdd(value, y0[t], d0);
                d1 = Math.FusedMultiplyAdd(value, y1[t], d1);
                d2 = Math.FusedMultiplyAdd(value, y2[t], d2);
                d3 = Math.FusedMultiplyAdd(value, y3[t], d3);
            }

            distances[r] = Selection(d0, norms[references[r]], queryNorm);
            distances[r + 1] = Selection(d1, norms[references[r + 1]], queryNorm);
            distances[r + 2] = Selection(d2, norms[references[r + 2]], queryNorm);
            distances[r + 3] = Selection(d3, norms[references[r + 3]], queryNorm);
        }

        for (; r < references.Length; r++)
        {
            distances[r] = SelectionDistance(data, dimensions, norms, query, references[r]);
        }
    }

    // ‖r‖² − 2 q·r, + ‖q‖², clamped at 0, in the tile's order of operations.
    private static double Selection(double dot, double referenceNorm, double queryNorm)
    {
        var value = (dot * -2.0) + referenceNorm;
        value += queryNorm;
        return Math.Max(value, 0.0);
    }

    /// <summary>0, 1, …, count − 1.</summary>
    /// <param name="count">How many rows.</param>
    public static int[] All(int count) => Enumerable.Range(0, count).ToArray();
}
