namespace PllmML.Data.Tests;

/// <summary>
/// The index arithmetic of <see cref="CsrBuilder"/> and <see cref="CsrMatrix"/> near the 32-bit limits (issue #18),
/// tested on the arithmetic itself: a matrix at the limit would take 16 GB.
/// </summary>
public class CsrIndexArithmeticTests
{
    [Fact]
    public void NextCapacity_Doubles()
    {
        Assert.Equal(32, CsrBuilder.NextCapacity(16));
        Assert.Equal(1 << 29, CsrBuilder.NextCapacity(1 << 28));
    }

    [Fact]
    public void NextCapacity_At2To30_GrowsToTheLongestArrayInsteadOfOverflowing()
    {
        // 2^30 × 2 = 2^31 overflows an int: the old doubling stopped the builder at 2^30 stored values (~537k cells
        // at 2,000 genes each) although an array holds almost 2^31.
        Assert.Equal(Array.MaxLength, CsrBuilder.NextCapacity(1 << 30));
        Assert.Equal(Array.MaxLength, CsrBuilder.NextCapacity(Array.MaxLength - 1));
        Assert.Equal(2_147_483_591, CsrBuilder.MaxStoredCount);
    }

    [Fact]
    public void NextCapacity_AtTheLongestArray_ThrowsSayingToSplitTheCells()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CsrBuilder.NextCapacity(Array.MaxLength));

        Assert.Contains("more than 2,147,483,591 values", error.Message, StringComparison.Ordinal);
        Assert.Contains("split the cells into blocks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NextCapacity_TinyCapacity_StillGrows()
    {
        Assert.True(CsrBuilder.NextCapacity(0) > 0);
        Assert.True(CsrBuilder.NextCapacity(1) > 1);
    }

    [Fact]
    public void AddStored_WithinTheLimit_AddsExactly()
    {
        Assert.Equal(2_000_000_000 + 147_483_591, CsrMatrix.AddStored(2_000_000_000, 147_483_591));
        Assert.Equal(0, CsrMatrix.AddStored(0, 0));
    }

    [Fact]
    public void AddStored_PastTheLimit_ThrowsInsteadOfWrappingNegative()
    {
        // In 32 bits 2,000,000,000 + 200,000,000 wraps to -2,094,967,296: a negative row pointer.
        var error = Assert.Throws<InvalidOperationException>(() => CsrMatrix.AddStored(2_000_000_000, 200_000_000));

        Assert.Contains("2,200,000,000 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SelectRows_RepeatedRows_PointersAreRunningSums()
    {
        var matrix = CsrMatrix.FromDense(2, 3, [1, 0, 2, 0, 3, 0]);

        var subset = matrix.SelectRows([1, 0, 0, 1]);

        Assert.Equal([0, 1, 3, 5, 6], subset.RowPointers);
        Assert.Equal([0, 3, 0, 1, 0, 2, 1, 0, 2, 0, 3, 0], subset.ToDense());
    }

    [Fact]
    public void Builder_GrowsPastItsHintKeepingEveryValue()
    {
        var builder = new CsrBuilder(3, 100, expectedStored: 1);
        for (var row = 0; row < 3; row++)
        {
            for (var column = row; column < 100; column += 3)
            {
                builder.Add(column, (row * 100) + column);
            }

            builder.EndRow();
        }

        var matrix = builder.Build();

        Assert.Equal(100, matrix.StoredCount);
        Assert.Equal([0, 34, 67, 100], matrix.RowPointers);
        Assert.Equal(197f, matrix[1, 97]);
    }
}
