using Microsoft.ML.Data;
using PllmML.Transforms.SingleCell;

namespace PllmML.Transforms.Tests.SingleCell;

public sealed class LogNormalizationTests
{
    [Fact]
    public void Apply_ScalesToTargetSumThenLog1p()
    {
        // Reference values: numpy.log1p(x / x.sum() * 1e4) for x = [1, 0, 3].
        var normalized = new float[3];
        LogNormalization.Apply([1, 0, 3], normalized, 1e4f);
        Assert.Equal(7.824446, normalized[0], 5);
        Assert.Equal(0, normalized[1]);
        Assert.Equal(8.922792, normalized[2], 5);
    }

    [Fact]
    public void Apply_EmptyCell_StaysZero()
    {
        var normalized = new float[] { 5, 5 };
        LogNormalization.Apply([0, 0], normalized, 1e4f);
        Assert.Equal([0f, 0f], normalized);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Apply_SparseCell_EqualsTheDenseValuesBitForBit(int seed)
    {
        var random = new Random(seed);
        var counts = new float[3000];
        for (var gene = 0; gene < counts.Length; gene++)
        {
            // Mostly zeros; non-integer counts too (filled or ambient-corrected cells), whose sum depends on order.
            // Seed 3: raw counts, whole numbers that repeat, most below 64 (each value computed once per cell), some above.
            counts[gene] = random.NextDouble() < 0.85 ? 0
                : seed == 3 ? MathF.Floor(MathF.Pow(2, (float)(random.NextDouble() * 8)))
                : (float)(random.NextDouble() * (seed == 2 ? 1e6 : 20));
        }

        var dense = new float[counts.Length];
        LogNormalization.Apply(counts, dense, 1e4f);
        var indices = Enumerable.Range(0, counts.Length).Where(gene => counts[gene] != 0).ToArray();
        var sparse = new VBuffer<float>(counts.Length, indices.Length, [.. indices.Select(gene => counts[gene])], indices);
        var normalized = default(VBuffer<float>);
        LogNormalization.Apply(sparse, ref normalized, 1e4f);

        Assert.False(normalized.IsDense);
        Assert.Equal(indices, normalized.GetIndices().ToArray());
        Assert.Equal(dense.Select(BitConverter.SingleToInt32Bits), normalized.DenseValues().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Apply_SparseCellWithNaN_IsDenseNaNAsTheDensePath()
    {
        var sparse = new VBuffer<float>(4, 2, [1, float.NaN], [0, 2]);
        var normalized = default(VBuffer<float>);
        LogNormalization.Apply(sparse, ref normalized, 1e4f);
        var dense = new float[4];
        LogNormalization.Apply([1, 0, float.NaN, 0], dense, 1e4f);
        Assert.True(normalized.IsDense);
        Assert.All(normalized.DenseValues(), value => Assert.True(float.IsNaN(value)));
        Assert.All(dense, value => Assert.True(float.IsNaN(value)));
    }

    [Fact]
    public void Apply_SparseCellWithoutCounts_IsAllZero()
    {
        var normalized = new VBuffer<float>(3, [5f, 5f, 5f]);
        LogNormalization.Apply(new VBuffer<float>(3, 1, [0f], [1]), ref normalized, 1e4f);
        Assert.Equal([0f, 0f, 0f], normalized.DenseValues().ToArray());
    }
}
