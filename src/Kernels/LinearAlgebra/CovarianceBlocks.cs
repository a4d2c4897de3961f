using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PllmML.Kernels.LinearAlgebra;

/// <summary>
/// The sums behind <see cref="PrincipalComponents"/>, fed one row at a time so that no rows × dimensions matrix is
/// needed: a first pass of rows gives the per-dimension means (double sums, rounded to <typeparamref name="T"/>), a
/// second pass the covariance (n − 1 denominator). The second pass centres the rows in <typeparamref name="T"/> into
/// dimension-major blocks of <see cref="BlockRows"/> consecutive rows and adds each block's products to a double
/// dimensions × dimensions matrix (its lower triangle, mirrored at the end): the same sums in the same order whether
/// the rows come from an array or a stream.
/// </summary>
/// <remarks>
/// <para>
/// A block is added as a lower-triangular rank-k update C += A·Aᵀ in register tiles of 4 dimensions i × 3 dimensions j
/// (12 vector accumulators). Each entry (i, j ≤ i) of a block is summed in <typeparamref name="T"/> in a fixed order:
/// <see cref="Lanes"/> partial sums, lane k taking the cells k, k + Lanes, … in order by fused multiply-add (the cells
/// past the block's end counted as zero up to a whole vector), then the lanes halved pairwise (lane k + lane k + Lanes/2,
/// until one is left); that sum is rounded to double and added to the entry, block after block. The tile rows run in
/// one <see cref="Parallel.For(int, int, Action{int})"/> per block, and every entry is written by one task only, so the
/// bits do not depend on the thread count or the scheduling.
/// </para>
/// <para>
/// The vectors are <see cref="Vector256{T}"/> wherever 256-bit vectors are accelerated, deliberately also on
/// AVX-512 machines (not <see cref="Vector512{T}"/>), so that AVX2 and AVX-512 x64 machines give the same bits;
/// else <see cref="Vector128{T}"/> (other bits), else one scalar sum per entry (other bits again). Their
/// FusedMultiplyAdd rounds once wherever it runs (in software, slowly, where the hardware has no FMA), so the order
/// above fixes the bits.
/// </para>
/// </remarks>
/// <typeparam name="T">The precision of the rows.</typeparam>
/// <param name="dimensions">Values per row.</param>
internal sealed class CovarianceBlocks<T>(int dimensions)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows per block of the covariance pass (the blocks keep the pairwise dot products in cache).</summary>
    public const int BlockRows = 256;

    private const int TileRows = 4;
    private const int TileColumns = 3;

    private readonly double[] _sum = new double[dimensions];
    private T[]? _mean;
    private double[]? _covariance;
    private T[]? _block;
    private int _filled;
    private long _covarianceRows;

    /// <summary>
    /// Lanes of the vectors of the covariance pass: those of <see cref="Vector256{T}"/> where 256-bit vectors are
    /// accelerated (on AVX-512 too), else of <see cref="Vector128{T}"/>, else 1 (scalar); always 1 for a
    /// <typeparamref name="T"/> other than float or double.
    /// </summary>
    public static int Lanes =>
        typeof(T) != typeof(float) && typeof(T) != typeof(double) ? 1
        : Vector256.IsHardwareAccelerated ? Vector256<T>.Count
        : Vector128.IsHardwareAccelerated ? Vector128<T>.Count
        : 1;

    /// <summary>Rows added to the means.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds one row to the means (first pass).</summary>
    /// <param name="row">The row, <c>dimensions</c> values.</param>
    public void AddToMean(ReadOnlySpan<T> row)
    {
        if (_mean is not null)
        {
            throw new InvalidOperationException("The means are finished; rows now go to the covariance.");
        }

        CheckWidth(row, Rows);
        for (var d = 0; d < dimensions; d++)
        {
            _sum[d] += double.CreateTruncating(row[d]);
        }

        Rows++;
    }

    /// <summary>Ends the first pass: the means, rounded to <typeparamref name="T"/>.</summary>
    public T[] FinishMean()
    {
        if (_mean is null)
        {
            _mean = new T[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                _mean[d] = T.CreateTruncating(_sum[d] / Rows);
            }
        }

        return _mean;
    }

    /// <summary>Adds one row to the covariance (second pass, after <see cref="FinishMean"/>, the rows in the same order).</summary>
    /// <param name="row">The row, <c>dimensions</c> values.</param>
    public void AddToCovariance(ReadOnlySpan<T> row)
    {
        var mean = _mean ?? throw new InvalidOperationException("The means are not finished.");
        CheckWidth(row, _covarianceRows);
        _covariance ??= new double[checked(dimensions * dimensions)];
        _block ??= new T[checked(PaddedDimensions(dimensions) * BlockRows)];
        var c = _filled;
        for (var d = 0; d < dimensions; d++)
        {
            _block[(d * BlockRows) + c] = row[d] - mean[d];
        }

        _filled++;
        _covarianceRows++;
        if (_filled == BlockRows)
        {
            Flush();
        }
    }

    /// <summary>Ends the second pass: the covariance, dimensions × dimensions, row-major, symmetric.</summary>
    /// <exception cref="InvalidOperationException">The second pass saw a different number of rows than the first.</exception>
    public double[] FinishCovariance()
    {
        if (_covarianceRows != Rows)
        {
            throw new InvalidOperationException($"The covariance pass saw {_covarianceRows} rows, the means pass {Rows}: the data changed between two reads.");
        }

        Flush();
        var covariance = _covariance ?? new double[checked(dimensions * dimensions)];
        _covariance = null;
        _block = null;
        for (var i = 0; i < dimensions; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var value = covariance[(i * dimensions) + j] / (Rows - 1);
                covariance[(i * dimensions) + j] = value;
                covariance[(j * dimensions) + i] = value;
            }
        }

        return covariance;
    }

    private void Flush()
    {
        var size = _filled;
        if (size == 0)
        {
            return;
        }

        var block = _block!;
        var covariance = _covariance!;
        if (Lanes > 1)
        {
            // The cells past the block's end up to a whole vector are zeroed so that the tiles read whole vectors:
            // a fused multiply-add of 0 × 0 leaves a partial sum as it is.
            var length = (size + Lanes - 1) / Lanes * Lanes;
            for (var d = 0; d < dimensions; d++)
            {
                block.AsSpan((d * BlockRows) + size, length - size).Clear();
            }

            // Tile row t of the triangle has about t + 1 tiles: each task takes rows t and last − t, the same work.
            var tileRows = (dimensions + TileRows - 1) / TileRows;
            Parallel.For(0, (tileRows + 1) / 2, t =>
            {
                TileRow(block, covariance, dimensions, t, length);
                if (tileRows - 1 - t != t)
                {
                    TileRow(block, covariance, dimensions, tileRows - 1 - t, length);
                }
            });
        }
        else
        {
            Parallel.For(0, dimensions, i =>
            {
                ref var a = ref block[i * BlockRows];
                for (var j = 0; j <= i; j++)
                {
                    ref var b = ref block[j * BlockRows];
                    var sum = T.Zero;
                    for (var c = 0; c < size; c++)
                    {
                        sum = T.FusedMultiplyAdd(Unsafe.Add(ref a, c), Unsafe.Add(ref b, c), sum);
                    }

                    covariance[(i * dimensions) + j] += double.CreateTruncating(sum);
                }
            });
        }

        _filled = 0;
    }

    /// <summary>Adds the tiles of dimensions i0 … i0 + 3 (tile row <paramref name="tileRow"/>) × all j ≤ i.</summary>
    private static void TileRow(T[] block, double[] covariance, int dimensions, int tileRow, int length)
    {
        var i0 = tileRow * TileRows;
        var last = Math.Min(i0 + TileRows, dimensions) - 1;
        Span<T> sums = stackalloc T[TileRows * TileColumns];
        for (var j0 = 0; j0 <= last; j0 += TileColumns)
        {
            if (Vector256.IsHardwareAccelerated)
            {
                Tile256(ref block[i0 * BlockRows], ref block[j0 * BlockRows], length, sums);
            }
            else
            {
                Tile128(ref block[i0 * BlockRows], ref block[j0 * BlockRows], length, sums);
            }

            for (var r = 0; r < TileRows && i0 + r <= last; r++)
            {
                var i = i0 + r;
                for (var s = 0; s < TileColumns && j0 + s <= i; s++)
                {
                    covariance[(i * dimensions) + j0 + s] += double.CreateTruncating(sums[(r * TileColumns) + s]);
                }
            }
        }
    }

    /// <summary>The 4 × 3 dot products of block rows a … a + 3 with b … b + 2 over the first <paramref name="length"/> cells.</summary>
    private static void Tile256(ref T a, ref T b, int length, Span<T> sums)
    {
        ref var a1 = ref Unsafe.Add(ref a, BlockRows);
        ref var a2 = ref Unsafe.Add(ref a, 2 * BlockRows);
        ref var a3 = ref Unsafe.Add(ref a, 3 * BlockRows);
        ref var b1 = ref Unsafe.Add(ref b, BlockRows);
        ref var b2 = ref Unsafe.Add(ref b, 2 * BlockRows);
        Vector256<T> s00 = default, s01 = default, s02 = default, s10 = default, s11 = default, s12 = default;
        Vector256<T> s20 = default, s21 = default, s22 = default, s30 = default, s31 = default, s32 = default;
        for (nuint c = 0; c < (nuint)length; c += (nuint)Vector256<T>.Count)
        {
            var x0 = Vector256.LoadUnsafe(ref b, c);
            var x1 = Vector256.LoadUnsafe(ref b1, c);
            var x2 = Vector256.LoadUnsafe(ref b2, c);
            var y = Vector256.LoadUnsafe(ref a, c);
            s00 = Fma(y, x0, s00);
            s01 = Fma(y, x1, s01);
            s02 = Fma(y, x2, s02);
            y = Vector256.LoadUnsafe(ref a1, c);
            s10 = Fma(y, x0, s10);
            s11 = Fma(y, x1, s11);
            s12 = Fma(y, x2, s12);
            y = Vector256.LoadUnsafe(ref a2, c);
            s20 = Fma(y, x0, s20);
            s21 = Fma(y, x1, s21);
            s22 = Fma(y, x2, s22);
            y = Vector256.LoadUnsafe(ref a3, c);
            s30 = Fma(y, x0, s30);
            s31 = Fma(y, x1, s31);
            s32 = Fma(y, x2, s32);
        }

        sums[0] = Sum(s00);
        sums[1] = Sum(s01);
        sums[2] = Sum(s02);
        sums[3] = Sum(s10);
        sums[4] = Sum(s11);
        sums[5] = Sum(s12);
        sums[6] = Sum(s20);
        sums[7] = Sum(s21);
        sums[8] = Sum(s22);
        sums[9] = Sum(s30);
        sums[10] = Sum(s31);
        sums[11] = Sum(s32);
    }

    /// <summary><see cref="Tile256"/> with 128-bit vectors.</summary>
    private static void Tile128(ref T a, ref T b, int length, Span<T> sums)
    {
        ref var a1 = ref Unsafe.Add(ref a, BlockRows);
        ref var a2 = ref Unsafe.Add(ref a, 2 * BlockRows);
        ref var a3 = ref Unsafe.Add(ref a, 3 * BlockRows);
        ref var b1 = ref Unsafe.Add(ref b, BlockRows);
        ref var b2 = ref Unsafe.Add(ref b, 2 * BlockRows);
        Vector128<T> s00 = default, s01 = default, s02 = default, s10 = default, s11 = default, s12 = default;
        Vector128<T> s20 = default, s21 = default, s22 = default, s30 = default, s31 = default, s32 = default;
        for (nuint c = 0; c < (nuint)length; c += (nuint)Vector128<T>.Count)
        {
            var x0 = Vector128.LoadUnsafe(ref b, c);
            var x1 = Vector128.LoadUnsafe(ref b1, c);
            var x2 = Vector128.LoadUnsafe(ref b2, c);
            var y = Vector128.LoadUnsafe(ref a, c);
            s00 = Fma(y, x0, s00);
            s01 = Fma(y, x1, s01);
            s02 = Fma(y, x2, s02);
            y = Vector128.LoadUnsafe(ref a1, c);
            s10 = Fma(y, x0, s10);
            s11 = Fma(y, x1, s11);
            s12 = Fma(y, x2, s12);
            y = Vector128.LoadUnsafe(ref a2, c);
            s20 = Fma(y, x0, s20);
            s21 = Fma(y, x1, s21);
            s22 = Fma(y, x2, s22);
            y = Vector128.LoadUnsafe(ref a3, c);
            s30 = Fma(y, x0, s30);
            s31 = Fma(y, x1, s31);
            s32 = Fma(y, x2, s32);
        }

        sums[0] = Sum(s00);
        sums[1] = Sum(s01);
        sums[2] = Sum(s02);
        sums[3] = Sum(s10);
        sums[4] = Sum(s11);
        sums[5] = Sum(s12);
        sums[6] = Sum(s20);
        sums[7] = Sum(s21);
        sums[8] = Sum(s22);
        sums[9] = Sum(s30);
        sums[10] = Sum(s31);
        sums[11] = Sum(s32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma(Vector256<T> x, Vector256<T> y, Vector256<T> sum) => typeof(T) == typeof(float)
        ? Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), sum.AsSingle()).As<float, T>()
        : Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), sum.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Fma(Vector128<T> x, Vector128<T> y, Vector128<T> sum) => typeof(T) == typeof(float)
        ? Vector128.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), sum.AsSingle()).As<float, T>()
        : Vector128.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), sum.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Sum(Vector256<T> lanes) => Sum(lanes.GetLower() + lanes.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Sum(Vector128<T> lanes) => Vector128<T>.Count == 4
        ? (lanes.GetElement(0) + lanes.GetElement(2)) + (lanes.GetElement(1) + lanes.GetElement(3))
        : lanes.GetElement(0) + lanes.GetElement(1);

    /// <summary>Block rows allocated: whole tiles of rows and the columns of the last tile row's last tile (left zero).</summary>
    private static int PaddedDimensions(int dimensions) => checked(((dimensions + TileRows - 1) / TileRows * TileRows) + TileColumns);

    private void CheckWidth(ReadOnlySpan<T> row, long index)
    {
        if (row.Length != dimensions)
        {
            throw new ArgumentException($"Row {index} has {row.Length} values; expected {dimensions}.", nameof(row));
        }
    }
}
