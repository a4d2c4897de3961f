using System.Numerics;
using System.Runtime.InteropServices;
using PllmML.Kernels.LinearAlgebra;

namespace PllmML.Kernels.Tests.LinearAlgebra;

/// <summary>
/// The tiled covariance pass of <see cref="CovarianceBlocks{T}"/>: close to a plain double computation for awkward
/// sizes (edge tiles, diagonal tiles, partial blocks), the same bits as a sequential copy of its documented summation
/// order, and the same bits from run to run whatever <see cref="Parallel.For(int, int, Action{int})"/> does.
/// </summary>
public sealed class CovarianceBlocksTests
{
    public static TheoryData<int, int> Sizes()
    {
        var sizes = new TheoryData<int, int>();
        foreach (var dimensions in new[] { 1, 2, 5, 13, 67, 300 })
        {
            foreach (var rows in new[] { 1, 7, 255, 256, 257, 600 })
            {
                sizes.Add(dimensions, rows);
            }
        }

        return sizes;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Float_MatchesDoubleReference_AndItsDocumentedOrderBitForBit(int dimensions, int rows)
    {
        var data = Data(dimensions, rows, seed: dimensions + (31 * rows)).Select(v => (float)v).ToArray();
        var (covariance, mean) = Fit(data, dimensions, rows);
        AssertClose(DoubleReference(data.Select(v => (double)v).ToArray(), dimensions, rows), covariance, dimensions, rows, tolerance: 1e-5);
        AssertSameBits(OrderedReference(data, mean, dimensions, rows), covariance);
        AssertSameBits(covariance, Fit(data, dimensions, rows).Covariance);
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(13, 257)]
    [InlineData(67, 600)]
    public void Double_MatchesDoubleReference_AndItsDocumentedOrderBitForBit(int dimensions, int rows)
    {
        var data = Data(dimensions, rows, seed: dimensions + (31 * rows));
        var (covariance, mean) = Fit(data, dimensions, rows);
        AssertClose(DoubleReference(data, dimensions, rows), covariance, dimensions, rows, tolerance: 1e-12);
        AssertSameBits(OrderedReference(data, mean, dimensions, rows), covariance);
        AssertSameBits(covariance, Fit(data, dimensions, rows).Covariance);
    }

    /// <summary>
    /// One entry's block sum in the order <see cref="CovarianceBlocks{T}"/> documents: <paramref name="lanes"/> partial
    /// sums by fused multiply-add over the cells k, k + lanes, … (zeros up to a whole vector), then halved pairwise.
    /// </summary>
    internal static T OrderedDot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, int lanes)
        where T : IFloatingPointIeee754<T>
    {
        var partial = new T[lanes];
        var length = (a.Length + lanes - 1) / lanes * lanes;
        for (var c = 0; c < length; c++)
        {
            var (x, y) = c < a.Length ? (a[c], b[c]) : (T.Zero, T.Zero);
            partial[c % lanes] = T.FusedMultiplyAdd(x, y, partial[c % lanes]);
        }

        for (var width = lanes; width > 1; width /= 2)
        {
            for (var k = 0; k < width / 2; k++)
            {
                partial[k] += partial[k + (width / 2)];
            }
        }

        return partial[0];
    }

    private static (double[] Covariance, T[] Mean) Fit<T>(T[] data, int dimensions, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sums = new CovarianceBlocks<T>(dimensions);
        for (var r = 0; r < rows; r++)
        {
            sums.AddToMean(data.AsSpan(r * dimensions, dimensions));
        }

        var mean = sums.FinishMean();
        for (var r = 0; r < rows; r++)
        {
            sums.AddToCovariance(data.AsSpan(r * dimensions, dimensions));
        }

        return (sums.FinishCovariance(), mean);
    }

    /// <summary>The covariance of the data in double throughout (means, centring, products, sums).</summary>
    private static double[] DoubleReference(double[] data, int dimensions, int rows)
    {
        var mean = new double[dimensions];
        for (var r = 0; r < rows; r++)
        {
            for (var d = 0; d < dimensions; d++)
            {
                mean[d] += data[(r * dimensions) + d];
            }
        }

        for (var d = 0; d < dimensions; d++)
        {
            mean[d] /= rows;
        }

        var covariance = new double[dimensions * dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            for (var j = 0; j < dimensions; j++)
            {
                var sum = 0.0;
                for (var r = 0; r < rows; r++)
                {
                    sum += (data[(r * dimensions) + i] - mean[i]) * (data[(r * dimensions) + j] - mean[j]);
                }

                covariance[(i * dimensions) + j] = sum / (rows - 1);
            }
        }

        return covariance;
    }

    /// <summary>The documented order, sequentially: blocks of 256 rows centred in T, <see cref="OrderedDot"/> per entry.</summary>
    private static double[] OrderedReference<T>(T[] data, T[] mean, int dimensions, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int Block = CovarianceBlocks<float>.BlockRows;
        var lanes = CovarianceBlocks<T>.Lanes;
        var covariance = new double[dimensions * dimensions];
        for (var start = 0; start < rows; start += Block)
        {
            var size = Math.Min(Block, rows - start);
            var centred = new T[dimensions * size];
            for (var c = 0; c < size; c++)
            {
                for (var d = 0; d < dimensions; d++)
                {
                    centred[(d * size) + c] = data[((start + c) * dimensions) + d] - mean[d];
                }
            }

            for (var i = 0; i < dimensions; i++)
            {
                for (var j = 0; j <= i; j++)
                {
                    covariance[(i * dimensions) + j] += double.CreateTruncating(
                        OrderedDot<T>(centred.AsSpan(i * size, size), centred.AsSpan(j * size, size), lanes));
                }
            }
        }

        for (var i = 0; i < dimensions; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var value = covariance[(i * dimensions) + j] / (rows - 1);
                covariance[(i * dimensions) + j] = value;
                covariance[(j * dimensions) + i] = value;
            }
        }

        return covariance;
    }

    private static void AssertClose(double[] expected, double[] actual, int dimensions, int rows, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        if (rows == 1)
        {
            // n − 1 = 0: every entry is 0 / 0.
            Assert.All(actual, value => Assert.True(double.IsNaN(value)));
            return;
        }

        for (var i = 0; i < dimensions; i++)
        {
            for (var j = 0; j < dimensions; j++)
            {
                // Relative to √(C_ii·C_jj), the bound of |C_ij| (an entry near zero has no relative precision of its own).
                var scale = Math.Sqrt(expected[(i * dimensions) + i] * expected[(j * dimensions) + j]);
                var error = Math.Abs(actual[(i * dimensions) + j] - expected[(i * dimensions) + j]);
                Assert.True(error <= tolerance * scale, $"entry ({i}, {j}): {actual[(i * dimensions) + j]} vs {expected[(i * dimensions) + j]}");
            }
        }
    }

    private static void AssertSameBits(double[] expected, double[] actual) =>
        Assert.True(MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan())), "covariances differ in their bits");

    private static double[] Data(int dimensions, int rows, int seed)
    {
        // Offsets far from zero (the centring matters), scales over three decades, two shared factors (correlations).
        var random = new Random(seed);
        var offset = Enumerable.Range(0, dimensions).Select(_ => (random.NextDouble() * 20) - 5).ToArray();
        var scale = Enumerable.Range(0, dimensions).Select(_ => Math.Pow(10, (random.NextDouble() * 3) - 1.5)).ToArray();
        var loading = Enumerable.Range(0, 2 * dimensions).Select(_ => random.NextDouble() - 0.5).ToArray();
        var data = new double[rows * dimensions];
        for (var r = 0; r < rows; r++)
        {
            var f0 = random.NextDouble() - 0.5;
            var f1 = random.NextDouble() - 0.5;
            for (var d = 0; d < dimensions; d++)
            {
                var value = (loading[2 * d] * f0) + (loading[(2 * d) + 1] * f1) + (random.NextDouble() - 0.5);
                data[(r * dimensions) + d] = offset[d] + (scale[d] * value);
            }
        }

        return data;
    }
}
