using System.Numerics;
using System.Numerics.Tensors;

namespace PllmML.Kernels.LinearAlgebra;

/// <summary>
/// The sums behind <see cref="PrincipalComponents"/>, fed one row at a time so that no rows × dimensions matrix is
/// needed: a first pass of rows gives the per-dimension means (double sums, rounded to <typeparamref name="T"/>), a
/// second pass the covariance (n − 1 denominator). The second pass centres the rows in <typeparamref name="T"/> into
/// dimension-major blocks of <see cref="BlockRows"/> consecutive rows and adds each block's pairwise dot products to a
/// double dimensions × dimensions matrix, one <see cref="Parallel.For(int, int, Action{int})"/> over dimensions i per
/// block (i writes row i only, so every entry's summation order is fixed): the same sums in the same order whether the
/// rows come from an array or a stream.
/// </summary>
/// <typeparam name="T">The precision of the rows.</typeparam>
/// <param name="dimensions">Values per row.</param>
internal sealed class CovarianceBlocks<T>(int dimensions)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows per block of the covariance pass (the blocks keep the pairwise dot products in cache).</summary>
    public const int BlockRows = 256;

    private readonly double[] _sum = new double[dimensions];
    private T[]? _mean;
    private double[]? _covariance;
    private T[]? _block;
    private int _filled;
    private long _covarianceRows;

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
        _block ??= new T[checked(dimensions * BlockRows)];
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
        Parallel.For(0, dimensions, i =>
        {
            var a = block.AsSpan(i * BlockRows, size);
            for (var j = 0; j <= i; j++)
            {
                covariance[(i * dimensions) + j] += double.CreateTruncating(TensorPrimitives.Dot<T>(a, block.AsSpan(j * BlockRows, size)));
            }
        });
        _filled = 0;
    }

    private void CheckWidth(ReadOnlySpan<T> row, long index)
    {
        if (row.Length != dimensions)
        {
            throw new ArgumentException($"Row {index} has {row.Length} values; expected {dimensions}.", nameof(row));
        }
    }
}
