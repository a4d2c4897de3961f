using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PllmML.Kernels.Integration;

/// <summary>
/// Register-blocked FMA micro-kernels behind <see cref="HarmonyKernels"/>. Every output element is one chain of fused
/// multiply-adds in a fixed order (over dimensions, or over cells, or over clusters), so the scalar fallback performs
/// the same operations in the same order and gives the same bits as the <see cref="Vector256{T}"/> path.
/// </summary>
internal static class HarmonyBlocks
{
    /// <summary>Doubles per vector.</summary>
    internal const int Lanes = 4;

    /// <summary>Columns of the wide tiles: three vectors.</summary>
    internal const int Wide = 3 * Lanes;

    /// <summary>Clusters per tile of <see cref="CosineRows"/>: two vectors (6 cells × 2 vectors = 12 accumulators + 3 live vectors:
    /// with 16 live vectors, 4 × 3 tiles, the JIT spills accumulators inside the loop).</summary>
    internal const int CosineWide = 2 * Lanes;

    /// <summary>Whether the vector micro-kernels run (without hardware FMA, Vector256.FusedMultiplyAdd is emulated and slow).</summary>
    internal static bool Vectorised { get; } = Vector256.IsHardwareAccelerated && Fma.IsSupported;

    /// <summary><paramref name="value"/> rounded up to a multiple of <paramref name="multiple"/>.</summary>
    internal static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>
    /// distances[n, k] = 2 (1 − Σⱼ zₙⱼ yₖⱼ) for the cells [start, end), with the centroids packed transposed
    /// (<paramref name="transposed"/>: dimensions × <paramref name="paddedClusters"/>, a multiple of <see cref="CosineWide"/>, zero-padded).
    /// Tile: 6 cells × 8 clusters, 12 accumulators.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void CosineRows(
        double[] cells, int dimensions, int start, int end, double[] transposed, int paddedClusters, int clusters, double[] distances, bool vector)
    {
        if (!vector)
        {
            for (var n = start; n < end; n++)
            {
                for (var k = 0; k < clusters; k++)
                {
                    var dot = 0.0;
                    for (var j = 0; j < dimensions; j++)
                    {
                        dot = Math.FusedMultiplyAdd(cells[(n * dimensions) + j], transposed[(j * paddedClusters) + k], dot);
                    }

                    distances[(n * clusters) + k] = 2 * (1 - dot);
                }
            }

            return;
        }

        ref var z = ref MemoryMarshal.GetArrayDataReference(cells);
        ref var y = ref MemoryMarshal.GetArrayDataReference(transposed);
        var tile = new double[6 * CosineWide];
        for (var n0 = start; n0 < end; n0 += 6)
        {
            var rows = Math.Min(6, end - n0);

            // Short tiles repeat the last cell; its duplicate results are not stored.
            ref var z0 = ref Unsafe.Add(ref z, n0 * dimensions);
            ref var z1 = ref Unsafe.Add(ref z, Math.Min(n0 + 1, end - 1) * dimensions);
            ref var z2 = ref Unsafe.Add(ref z, Math.Min(n0 + 2, end - 1) * dimensions);
            ref var z3 = ref Unsafe.Add(ref z, Math.Min(n0 + 3, end - 1) * dimensions);
            ref var z4 = ref Unsafe.Add(ref z, Math.Min(n0 + 4, end - 1) * dimensions);
            ref var z5 = ref Unsafe.Add(ref z, Math.Min(n0 + 5, end - 1) * dimensions);
            for (var k0 = 0; k0 < paddedClusters; k0 += CosineWide)
            {
                Vector256<double> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default;
                Vector256<double> a30 = default, a31 = default, a40 = default, a41 = default, a50 = default, a51 = default;
                ref var column = ref Unsafe.Add(ref y, k0);
                for (nint j = 0; j < dimensions; j++)
                {
                    var y0 = Vector256.LoadUnsafe(ref column);
                    var y1 = Vector256.LoadUnsafe(ref column, Lanes);
                    column = ref Unsafe.Add(ref column, paddedClusters);
                    var x = Vector256.Create(Unsafe.Add(ref z0, j));
                    a00 = Vector256.FusedMultiplyAdd(x, y0, a00);
                    a01 = Vector256.FusedMultiplyAdd(x, y1, a01);
                    x = Vector256.Create(Unsafe.Add(ref z1, j));
                    a10 = Vector256.FusedMultiplyAdd(x, y0, a10);
                    a11 = Vector256.FusedMultiplyAdd(x, y1, a11);
                    x = Vector256.Create(Unsafe.Add(ref z2, j));
                    a20 = Vector256.FusedMultiplyAdd(x, y0, a20);
                    a21 = Vector256.FusedMultiplyAdd(x, y1, a21);
                    x = Vector256.Create(Unsafe.Add(ref z3, j));
                    a30 = Vector256.FusedMultiplyAdd(x, y0, a30);
                    a31 = Vector256.FusedMultiplyAdd(x, y1, a31);
                    x = Vector256.Create(Unsafe.Add(ref z4, j));
                    a40 = Vector256.FusedMultiplyAdd(x, y0, a40);
                    a41 = Vector256.FusedMultiplyAdd(x, y1, a41);
                    x = Vector256.Create(Unsafe.Add(ref z5, j));
                    a50 = Vector256.FusedMultiplyAdd(x, y0, a50);
                    a51 = Vector256.FusedMultiplyAdd(x, y1, a51);
                }

                // Through a stack tile: a call while the accumulators are live makes the JIT spill them inside the loop
                // (every vector register is caller-saved on x64).
                ref var t = ref MemoryMarshal.GetArrayDataReference(tile);
                a00.StoreUnsafe(ref t);
                a01.StoreUnsafe(ref t, Lanes);
                a10.StoreUnsafe(ref t, CosineWide);
                a11.StoreUnsafe(ref t, CosineWide + Lanes);
                a20.StoreUnsafe(ref t, 2 * CosineWide);
                a21.StoreUnsafe(ref t, (2 * CosineWide) + Lanes);
                a30.StoreUnsafe(ref t, 3 * CosineWide);
                a31.StoreUnsafe(ref t, (3 * CosineWide) + Lanes);
                a40.StoreUnsafe(ref t, 4 * CosineWide);
                a41.StoreUnsafe(ref t, (4 * CosineWide) + Lanes);
                a50.StoreUnsafe(ref t, 5 * CosineWide);
                a51.StoreUnsafe(ref t, (5 * CosineWide) + Lanes);
                var width = Math.Min(CosineWide, clusters - k0);
                for (var i = 0; i < rows; i++)
                {
                    var dots = tile.AsSpan(i * CosineWide, width);
                    var target = distances.AsSpan(((n0 + i) * clusters) + k0, width);
                    for (var k = 0; k < dots.Length; k++)
                    {
                        target[k] = 2 * (1 - dots[k]);
                    }
                }
            }
        }
    }

    /// <summary>
    /// sums[k, j] += Σₙ rₙₖ zₙⱼ over the <paramref name="count"/> packed rows, as one FMA chain per element in row order.
    /// <paramref name="z"/>: rows × <paramref name="paddedDimensions"/>; <paramref name="r"/>: rows × <paramref name="paddedClusters"/>;
    /// <paramref name="sums"/>: paddedClusters × paddedDimensions; both paddings multiples of <see cref="Lanes"/>.
    /// Tile: 4 clusters × 12 dimensions (then 4 × 4 for the last dimensions), accumulators held across all rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AccumulateWeighted(
        double[] z, double[] r, int count, int paddedClusters, int paddedDimensions, double[] sums, bool vector)
    {
        if (!vector)
        {
            for (var k = 0; k < paddedClusters; k++)
            {
                for (var j = 0; j < paddedDimensions; j++)
                {
                    var sum = sums[(k * paddedDimensions) + j];
                    for (var n = 0; n < count; n++)
                    {
                        sum = Math.FusedMultiplyAdd(r[(n * paddedClusters) + k], z[(n * paddedDimensions) + j], sum);
                    }

                    sums[(k * paddedDimensions) + j] = sum;
                }
            }

            return;
        }

        ref var zr = ref MemoryMarshal.GetArrayDataReference(z);
        ref var rr = ref MemoryMarshal.GetArrayDataReference(r);
        ref var sr = ref MemoryMarshal.GetArrayDataReference(sums);
        for (var k0 = 0; k0 < paddedClusters; k0 += 4)
        {
            ref var s0 = ref Unsafe.Add(ref sr, k0 * paddedDimensions);
            ref var s1 = ref Unsafe.Add(ref s0, paddedDimensions);
            ref var s2 = ref Unsafe.Add(ref s1, paddedDimensions);
            ref var s3 = ref Unsafe.Add(ref s2, paddedDimensions);
            var j0 = 0;
            for (; j0 + Wide <= paddedDimensions; j0 += Wide)
            {
                var a00 = Vector256.LoadUnsafe(ref s0, (nuint)j0);
                var a01 = Vector256.LoadUnsafe(ref s0, (nuint)(j0 + Lanes));
                var a02 = Vector256.LoadUnsafe(ref s0, (nuint)(j0 + (2 * Lanes)));
                var a10 = Vector256.LoadUnsafe(ref s1, (nuint)j0);
                var a11 = Vector256.LoadUnsafe(ref s1, (nuint)(j0 + Lanes));
                var a12 = Vector256.LoadUnsafe(ref s1, (nuint)(j0 + (2 * Lanes)));
                var a20 = Vector256.LoadUnsafe(ref s2, (nuint)j0);
                var a21 = Vector256.LoadUnsafe(ref s2, (nuint)(j0 + Lanes));
                var a22 = Vector256.LoadUnsafe(ref s2, (nuint)(j0 + (2 * Lanes)));
                var a30 = Vector256.LoadUnsafe(ref s3, (nuint)j0);
                var a31 = Vector256.LoadUnsafe(ref s3, (nuint)(j0 + Lanes));
                var a32 = Vector256.LoadUnsafe(ref s3, (nuint)(j0 + (2 * Lanes)));
                for (var n = 0; n < count; n++)
                {
                    ref var row = ref Unsafe.Add(ref zr, (n * paddedDimensions) + j0);
                    ref var weights = ref Unsafe.Add(ref rr, (n * paddedClusters) + k0);
                    var z0 = Vector256.LoadUnsafe(ref row);
                    var z1 = Vector256.LoadUnsafe(ref row, Lanes);
                    var z2 = Vector256.LoadUnsafe(ref row, 2 * Lanes);
                    var w = Vector256.Create(weights);
                    a00 = Vector256.FusedMultiplyAdd(w, z0, a00);
                    a01 = Vector256.FusedMultiplyAdd(w, z1, a01);
                    a02 = Vector256.FusedMultiplyAdd(w, z2, a02);
                    w = Vector256.Create(Unsafe.Add(ref weights, 1));
                    a10 = Vector256.FusedMultiplyAdd(w, z0, a10);
                    a11 = Vector256.FusedMultiplyAdd(w, z1, a11);
                    a12 = Vector256.FusedMultiplyAdd(w, z2, a12);
                    w = Vector256.Create(Unsafe.Add(ref weights, 2));
                    a20 = Vector256.FusedMultiplyAdd(w, z0, a20);
                    a21 = Vector256.FusedMultiplyAdd(w, z1, a21);
                    a22 = Vector256.FusedMultiplyAdd(w, z2, a22);
                    w = Vector256.Create(Unsafe.Add(ref weights, 3));
                    a30 = Vector256.FusedMultiplyAdd(w, z0, a30);
                    a31 = Vector256.FusedMultiplyAdd(w, z1, a31);
                    a32 = Vector256.FusedMultiplyAdd(w, z2, a32);
                }

                a00.StoreUnsafe(ref s0, (nuint)j0);
                a01.StoreUnsafe(ref s0, (nuint)(j0 + Lanes));
                a02.StoreUnsafe(ref s0, (nuint)(j0 + (2 * Lanes)));
                a10.StoreUnsafe(ref s1, (nuint)j0);
                a11.StoreUnsafe(ref s1, (nuint)(j0 + Lanes));
                a12.StoreUnsafe(ref s1, (nuint)(j0 + (2 * Lanes)));
                a20.StoreUnsafe(ref s2, (nuint)j0);
                a21.StoreUnsafe(ref s2, (nuint)(j0 + Lanes));
                a22.StoreUnsafe(ref s2, (nuint)(j0 + (2 * Lanes)));
                a30.StoreUnsafe(ref s3, (nuint)j0);
                a31.StoreUnsafe(ref s3, (nuint)(j0 + Lanes));
                a32.StoreUnsafe(ref s3, (nuint)(j0 + (2 * Lanes)));
            }

            for (; j0 < paddedDimensions; j0 += Lanes)
            {
                var a0 = Vector256.LoadUnsafe(ref s0, (nuint)j0);
                var a1 = Vector256.LoadUnsafe(ref s1, (nuint)j0);
                var a2 = Vector256.LoadUnsafe(ref s2, (nuint)j0);
                var a3 = Vector256.LoadUnsafe(ref s3, (nuint)j0);
                for (var n = 0; n < count; n++)
                {
                    var z0 = Vector256.LoadUnsafe(ref zr, (nuint)((n * paddedDimensions) + j0));
                    ref var weights = ref Unsafe.Add(ref rr, (n * paddedClusters) + k0);
                    a0 = Vector256.FusedMultiplyAdd(Vector256.Create(weights), z0, a0);
                    a1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref weights, 1)), z0, a1);
                    a2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref weights, 2)), z0, a2);
                    a3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref weights, 3)), z0, a3);
                }

                a0.StoreUnsafe(ref s0, (nuint)j0);
                a1.StoreUnsafe(ref s1, (nuint)j0);
                a2.StoreUnsafe(ref s2, (nuint)j0);
                a3.StoreUnsafe(ref s3, (nuint)j0);
            }
        }
    }

    /// <summary>
    /// x[n, j] −= Σₖ rₙₖ wₖⱼ in place over <paramref name="count"/> packed rows (a multiple of 4, padding rows zero), one FMA
    /// chain per element in cluster order. <paramref name="x"/>: rows × <paramref name="paddedDimensions"/>;
    /// <paramref name="r"/>: rows × <paramref name="clusters"/>; <paramref name="w"/>: clusters × paddedDimensions.
    /// Tile: 4 cells × 12 dimensions (then 4 × 4).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SubtractProduct(double[] x, double[] r, int count, int clusters, double[] w, int paddedDimensions, bool vector)
    {
        if (!vector)
        {
            for (var n = 0; n < count; n++)
            {
                for (var j = 0; j < paddedDimensions; j++)
                {
                    var value = x[(n * paddedDimensions) + j];
                    for (var k = 0; k < clusters; k++)
                    {
                        value = Math.FusedMultiplyAdd(-r[(n * clusters) + k], w[(k * paddedDimensions) + j], value);
                    }

                    x[(n * paddedDimensions) + j] = value;
                }
            }

            return;
        }

        ref var wr = ref MemoryMarshal.GetArrayDataReference(w);
        for (var n0 = 0; n0 < count; n0 += 4)
        {
            ref var x0 = ref x[n0 * paddedDimensions];
            ref var x1 = ref Unsafe.Add(ref x0, paddedDimensions);
            ref var x2 = ref Unsafe.Add(ref x1, paddedDimensions);
            ref var x3 = ref Unsafe.Add(ref x2, paddedDimensions);
            ref var q0 = ref r[n0 * clusters];
            ref var q1 = ref Unsafe.Add(ref q0, clusters);
            ref var q2 = ref Unsafe.Add(ref q1, clusters);
            ref var q3 = ref Unsafe.Add(ref q2, clusters);
            var j0 = 0;
            for (; j0 + Wide <= paddedDimensions; j0 += Wide)
            {
                var a00 = Vector256.LoadUnsafe(ref x0, (nuint)j0);
                var a01 = Vector256.LoadUnsafe(ref x0, (nuint)(j0 + Lanes));
                var a02 = Vector256.LoadUnsafe(ref x0, (nuint)(j0 + (2 * Lanes)));
                var a10 = Vector256.LoadUnsafe(ref x1, (nuint)j0);
                var a11 = Vector256.LoadUnsafe(ref x1, (nuint)(j0 + Lanes));
                var a12 = Vector256.LoadUnsafe(ref x1, (nuint)(j0 + (2 * Lanes)));
                var a20 = Vector256.LoadUnsafe(ref x2, (nuint)j0);
                var a21 = Vector256.LoadUnsafe(ref x2, (nuint)(j0 + Lanes));
                var a22 = Vector256.LoadUnsafe(ref x2, (nuint)(j0 + (2 * Lanes)));
                var a30 = Vector256.LoadUnsafe(ref x3, (nuint)j0);
                var a31 = Vector256.LoadUnsafe(ref x3, (nuint)(j0 + Lanes));
                var a32 = Vector256.LoadUnsafe(ref x3, (nuint)(j0 + (2 * Lanes)));
                for (var k = 0; k < clusters; k++)
                {
                    ref var panel = ref Unsafe.Add(ref wr, (k * paddedDimensions) + j0);
                    var w0 = Vector256.LoadUnsafe(ref panel);
                    var w1 = Vector256.LoadUnsafe(ref panel, Lanes);
                    var w2 = Vector256.LoadUnsafe(ref panel, 2 * Lanes);
                    var b = Vector256.Create(-Unsafe.Add(ref q0, k));
                    a00 = Vector256.FusedMultiplyAdd(b, w0, a00);
                    a01 = Vector256.FusedMultiplyAdd(b, w1, a01);
                    a02 = Vector256.FusedMultiplyAdd(b, w2, a02);
                    b = Vector256.Create(-Unsafe.Add(ref q1, k));
                    a10 = Vector256.FusedMultiplyAdd(b, w0, a10);
                    a11 = Vector256.FusedMultiplyAdd(b, w1, a11);
                    a12 = Vector256.FusedMultiplyAdd(b, w2, a12);
                    b = Vector256.Create(-Unsafe.Add(ref q2, k));
                    a20 = Vector256.FusedMultiplyAdd(b, w0, a20);
                    a21 = Vector256.FusedMultiplyAdd(b, w1, a21);
                    a22 = Vector256.FusedMultiplyAdd(b, w2, a22);
                    b = Vector256.Create(-Unsafe.Add(ref q3, k));
                    a30 = Vector256.FusedMultiplyAdd(b, w0, a30);
                    a31 = Vector256.FusedMultiplyAdd(b, w1, a31);
                    a32 = Vector256.FusedMultiplyAdd(b, w2, a32);
                }

                a00.StoreUnsafe(ref x0, (nuint)j0);
                a01.StoreUnsafe(ref x0, (nuint)(j0 + Lanes));
                a02.StoreUnsafe(ref x0, (nuint)(j0 + (2 * Lanes)));
                a10.StoreUnsafe(ref x1, (nuint)j0);
                a11.StoreUnsafe(ref x1, (nuint)(j0 + Lanes));
                a12.StoreUnsafe(ref x1, (nuint)(j0 + (2 * Lanes)));
                a20.StoreUnsafe(ref x2, (nuint)j0);
                a21.StoreUnsafe(ref x2, (nuint)(j0 + Lanes));
                a22.StoreUnsafe(ref x2, (nuint)(j0 + (2 * Lanes)));
                a30.StoreUnsafe(ref x3, (nuint)j0);
                a31.StoreUnsafe(ref x3, (nuint)(j0 + Lanes));
                a32.StoreUnsafe(ref x3, (nuint)(j0 + (2 * Lanes)));
            }

            for (; j0 < paddedDimensions; j0 += Lanes)
            {
                var a0 = Vector256.LoadUnsafe(ref x0, (nuint)j0);
                var a1 = Vector256.LoadUnsafe(ref x1, (nuint)j0);
                var a2 = Vector256.LoadUnsafe(ref x2, (nuint)j0);
                var a3 = Vector256.LoadUnsafe(ref x3, (nuint)j0);
                for (var k = 0; k < clusters; k++)
                {
                    var w0 = Vector256.LoadUnsafe(ref wr, (nuint)((k * paddedDimensions) + j0));
                    a0 = Vector256.FusedMultiplyAdd(Vector256.Create(-Unsafe.Add(ref q0, k)), w0, a0);
                    a1 = Vector256.FusedMultiplyAdd(Vector256.Create(-Unsafe.Add(ref q1, k)), w0, a1);
                    a2 = Vector256.FusedMultiplyAdd(Vector256.Create(-Unsafe.Add(ref q2, k)), w0, a2);
                    a3 = Vector256.FusedMultiplyAdd(Vector256.Create(-Unsafe.Add(ref q3, k)), w0, a3);
                }

                a0.StoreUnsafe(ref x0, (nuint)j0);
                a1.StoreUnsafe(ref x1, (nuint)j0);
                a2.StoreUnsafe(ref x2, (nuint)j0);
                a3.StoreUnsafe(ref x3, (nuint)j0);
            }
        }
    }

    /// <summary>
    /// Σₙ Σₖ rₙₖ (dₙₖ + σₖ (log rₙₖ + Σ_c ratioₖ[ℓ_c(n)])) over the cells [start, end), with r log r = 0 where r = 0;
    /// <paramref name="ratioByLevel"/> is levels × clusters.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double ObjectiveRows(
        double[] assignments, double[] distances, double[] sigma, int[] levelsOfCell, int covariates, double[] ratioByLevel, int start, int end, bool vector)
    {
        var clusters = sigma.Length;
        var vectorEnd = vector ? clusters / Lanes * Lanes : 0;
        var accumulator = Vector256<double>.Zero;
        var total = 0.0;
        for (var cell = start; cell < end; cell++)
        {
            var offset = cell * clusters;
            var levels = levelsOfCell.AsSpan(cell * covariates, covariates);
            var k = 0;
            for (; k < vectorEnd; k += Lanes)
            {
                var r = Vector256.LoadUnsafe(ref assignments[offset + k]);
                var d = Vector256.LoadUnsafe(ref distances[offset + k]);
                var s = Vector256.LoadUnsafe(ref sigma[k]);
                var log = Vector256.ConditionalSelect(Vector256.Equals(r, Vector256<double>.Zero), Vector256<double>.Zero, Vector256.Log(r));
                foreach (var level in levels)
                {
                    log += Vector256.LoadUnsafe(ref ratioByLevel[(level * clusters) + k]);
                }

                accumulator = Vector256.FusedMultiplyAdd(r, Vector256.FusedMultiplyAdd(s, log, d), accumulator);
            }

            for (; k < clusters; k++)
            {
                var r = assignments[offset + k];
                var log = r > 0 ? Math.Log(r) : 0;
                foreach (var level in levels)
                {
                    log += ratioByLevel[(level * clusters) + k];
                }

                total = Math.FusedMultiplyAdd(r, Math.FusedMultiplyAdd(sigma[k], log, distances[offset + k]), total);
            }
        }

        return Vector256.Sum(accumulator) + total;
    }

    /// <summary><c>quotients = −values / divisors</c> in one pass; returns their maximum (NaN if any is NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double NegatedQuotients(ReadOnlySpan<double> values, ReadOnlySpan<double> divisors, Span<double> quotients)
    {
        var max = double.NegativeInfinity;
        var k = 0;
        if (Vector256.IsHardwareAccelerated && values.Length >= Lanes)
        {
            var maxima = Vector256.Create(double.NegativeInfinity);
            for (; k + Lanes <= values.Length; k += Lanes)
            {
                var q = -(Vector256.Create(values.Slice(k, Lanes)) / Vector256.Create(divisors.Slice(k, Lanes)));
                q.CopyTo(quotients.Slice(k, Lanes));
                maxima = Vector256.Max(maxima, q);
            }

            for (var lane = 0; lane < Lanes; lane++)
            {
                max = Math.Max(max, maxima[lane]);
            }
        }

        for (; k < values.Length; k++)
        {
            quotients[k] = -(values[k] / divisors[k]);
            max = Math.Max(max, quotients[k]);
        }

        return max;
    }
}
