using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using PllmML.Kernels.LinearAlgebra;

namespace PllmML.Kernels.Tests.LinearAlgebra;

/// <summary>
/// The streaming PCA: the accumulator fed cell by cell gives what the whole-matrix algorithm gave before it existed,
/// bit for bit (a copy of that algorithm is kept here as the reference), and the size checks work in 64 bits.
/// </summary>
public sealed class PrincipalComponentsAccumulatorTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 700, 60, 10 },   // several blocks of 256 cells and a partial last one, Jacobi
        { 256, 12, 3 },    // exactly one block
        { 600, 260, 5 },   // Lanczos
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Accumulator_StreamedCells_EqualTheWholeMatrixAlgorithmBitForBit(int cells, int genes, int components)
    {
        var data = Data(cells, genes, seed: cells + genes);
        var expected = ReferenceFit(data, cells, genes, components, seed: 3);

        var fit = new PrincipalComponentsAccumulator(genes, components, seed: 3);
        var passes = 0;
        var row = new float[genes];
        while (!fit.IsComplete)
        {
            Assert.Equal(passes, fit.Pass);
            for (var cell = 0; cell < cells; cell++)
            {
                // A fresh copy each time: the accumulator must not keep references to the rows it was given.
                data.AsSpan(cell * genes, genes).CopyTo(row);
                fit.Add(row);
                row.AsSpan().Fill(float.NaN);
            }

            fit.EndPass();
            passes++;
        }

        Assert.Equal(PrincipalComponentsAccumulator.Passes, passes);
        Assert.Equal(cells, fit.Cells);
        AssertBitIdentical(expected, fit.Result);
        AssertBitIdentical(expected, PrincipalComponents.Fit(data, cells, genes, components, seed: 3));
    }

    [Fact]
    public void Accumulator_PassWithOtherCellCount_Throws()
    {
        var data = Data(40, 5, seed: 1);
        var fit = new PrincipalComponentsAccumulator(5, 2);
        for (var cell = 0; cell < 40; cell++)
        {
            fit.Add(data.AsSpan(cell * 5, 5));
        }

        fit.EndPass();
        for (var cell = 0; cell < 39; cell++)
        {
            fit.Add(data.AsSpan(cell * 5, 5));
        }

        var error = Assert.Throws<InvalidOperationException>(fit.EndPass);
        Assert.Contains("39 rows, the means pass 40", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accumulator_MisuseIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrincipalComponentsAccumulator(3, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrincipalComponentsAccumulator(3, 0));
        var fit = new PrincipalComponentsAccumulator(3, 2);
        Assert.Throws<InvalidOperationException>(() => fit.Result);
        Assert.Throws<ArgumentException>(() => fit.Add(new float[4]));
        fit.Add(new float[] { 1, 2, 3 });
        Assert.Throws<InvalidOperationException>(fit.EndPass);
    }

    [Theory]
    [InlineData(50_000, 50_000, 100)]        // 2.5e9 values: wraps to a negative int in 32 bits and would pass
    [InlineData(65_536, 65_536, int.MaxValue)] // 2^32 values: wraps to 0 in 32 bits
    [InlineData(1_073_742, 2_000, int.MaxValue)] // one cell past the old PCA ceiling at 2,000 genes
    public void CheckLength_CountsInSixtyFourBits(int rows, int columns, int length)
    {
        var error = Assert.Throws<ArgumentException>(() => PrincipalComponents.CheckLength(length, rows, columns, "data"));
        Assert.Contains($"{(long)rows * columns} values expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckLength_ExactFitPasses_AndFitRefusesShortData()
    {
        PrincipalComponents.CheckLength(int.MaxValue - 1, 1_073_741_823, 2, "data");
        PrincipalComponents.CheckLength(12, 4, 3, "data");
        Assert.Throws<ArgumentException>(() => PrincipalComponents.Fit(new float[11], 4, 3, 2));
        Assert.Throws<ArgumentException>(() => PrincipalComponents.FitScores(new double[11], 4, 3, 2));
    }

    private static void AssertBitIdentical(PrincipalComponents expected, PrincipalComponents actual)
    {
        Assert.True(MemoryMarshal.AsBytes(expected.Mean.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.Mean.AsSpan())), "means differ");
        Assert.True(MemoryMarshal.AsBytes(expected.Components.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.Components.AsSpan())), "loadings differ");
        Assert.True(MemoryMarshal.AsBytes(expected.ExplainedVariance.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.ExplainedVariance.AsSpan())), "variances differ");
    }

    private static float[] Data(int cells, int genes, int seed)
    {
        // Scaled-expression-like values: a few programs, noise, a clip at 10, many cells sharing a floor value.
        var random = new Random(seed);
        var programs = Enumerable.Range(0, 4 * genes).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var data = new float[cells * genes];
        for (var cell = 0; cell < cells; cell++)
        {
            var weights = Enumerable.Range(0, 4).Select(p => (float)(random.NextDouble() * (4 - p))).ToArray();
            for (var gene = 0; gene < genes; gene++)
            {
                var value = (float)(random.NextDouble() - 0.5);
                for (var p = 0; p < 4; p++)
                {
                    value += weights[p] * programs[(p * genes) + gene];
                }

                data[(cell * genes) + gene] = value < -0.8f ? -0.8f : Math.Min(value, 10f);
            }
        }

        return data;
    }

    /// <summary>
    /// The whole-matrix PCA as it was before the accumulator (commit c58c24f), kept verbatim as the reference except for
    /// each block's dot products: those follow the summation order the tiled covariance pass documents
    /// (<see cref="CovarianceBlocksTests.OrderedDot"/>) instead of <c>TensorPrimitives.Dot</c>'s.
    /// </summary>
    private static PrincipalComponents ReferenceFit(ReadOnlySpan<float> data, int cells, int genes, int components, int seed)
    {
        var sum = new double[genes];
        for (var cell = 0; cell < cells; cell++)
        {
            var row = data.Slice(cell * genes, genes);
            for (var gene = 0; gene < genes; gene++)
            {
                sum[gene] += double.CreateTruncating(row[gene]);
            }
        }

        var mean = new float[genes];
        for (var gene = 0; gene < genes; gene++)
        {
            mean[gene] = float.CreateTruncating(sum[gene] / cells);
        }

        const int Block = 256;
        var covariance = new double[genes * genes];
        var block = new float[genes * Block];
        for (var start = 0; start < cells; start += Block)
        {
            var size = Math.Min(Block, cells - start);
            for (var c = 0; c < size; c++)
            {
                var row = data.Slice((start + c) * genes, genes);
                for (var gene = 0; gene < genes; gene++)
                {
                    block[(gene * Block) + c] = row[gene] - mean[gene];
                }
            }

            for (var i = 0; i < genes; i++)
            {
                var a = block.AsSpan(i * Block, size);
                for (var j = 0; j <= i; j++)
                {
                    covariance[(i * genes) + j] += double.CreateTruncating(
                        CovarianceBlocksTests.OrderedDot<float>(a, block.AsSpan(j * Block, size), CovarianceBlocks<float>.Lanes));
                }
            }
        }

        for (var i = 0; i < genes; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var value = covariance[(i * genes) + j] / (cells - 1);
                covariance[(i * genes) + j] = value;
                covariance[(j * genes) + i] = value;
            }
        }

        var (values, vectors) = SymmetricEigen.Leading(covariance, genes, components, seed);
        var loadings = new float[components * genes];
        for (var k = 0; k < components; k++)
        {
            for (var gene = 0; gene < genes; gene++)
            {
                loadings[(k * genes) + gene] = (float)vectors[(gene * components) + k];
            }
        }

        var result = new PrincipalComponents(mean, loadings, values);
        var largest = new float[components];
        var scores = new float[components];
        for (var cell = 0; cell < cells; cell++)
        {
            result.Project(data.Slice(cell * genes, genes), scores);
            for (var k = 0; k < components; k++)
            {
                if (Math.Abs(scores[k]) > Math.Abs(largest[k]))
                {
                    largest[k] = scores[k];
                }
            }
        }

        for (var k = 0; k < components; k++)
        {
            if (largest[k] < 0)
            {
                TensorPrimitives.Negate(loadings.AsSpan(k * genes, genes), loadings.AsSpan(k * genes, genes));
            }
        }

        return result;
    }
}
