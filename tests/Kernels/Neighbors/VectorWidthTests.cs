using PllmML.Kernels.Neighbors;

namespace PllmML.Kernels.Tests.Neighbors;

/// <summary>
/// The 512-bit micro-kernels (used where <see cref="System.Runtime.Intrinsics.Vector512"/> is accelerated) give the
/// bits of the 256-bit ones: each entry is one chain of fused multiply-adds in dimension order whatever the vector width,
/// so a machine with AVX-512 finds the same neighbours and silhouettes as one with AVX2 only.
/// </summary>
public sealed class VectorWidthTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(50)]
    public void ScreenedMicroKernel_HasTheSameBitsAtBothWidths(int dimensions)
    {
        var random = new Random(dimensions);
        var queries = Enumerable.Range(0, 4 * dimensions).Select(_ => (float)((random.NextDouble() * 20) - 10)).ToArray();
        var panel = Enumerable.Range(0, ScreenedKnn.PanelWidth * dimensions).Select(_ => (float)((random.NextDouble() * 20) - 10)).ToArray();
        var wide = new float[4 * ScreenedKnn.PanelWidth];
        var narrow = new float[4 * ScreenedKnn.PanelWidth];

        ScreenedKnn.MicroKernel512(ref queries[0], dimensions, ref panel[0], wide);
        ScreenedKnn.MicroKernel256(ref queries[0], dimensions, ref panel[0], narrow);

        Assert.Equal(narrow.Select(BitConverter.SingleToInt32Bits), wide.Select(BitConverter.SingleToInt32Bits));
        Assert.Contains(narrow, value => value != 0);
    }

    [Theory]
    [InlineData(3, 13, 512)]
    [InlineData(50, 256, 300)]
    [InlineData(17, 5, 37)]
    public void DistanceTile_HasTheSameBitsAtBothWidths(int dimensions, int queryCount, int blockLength)
    {
        var random = new Random(dimensions * 31 + queryCount);
        var rows = queryCount + 3;
        var data = Enumerable.Range(0, rows * dimensions).Select(_ => (random.NextDouble() * 20) - 10).ToArray();
        var queryRows = Enumerable.Range(0, rows).Reverse().ToArray();
        var packed = Enumerable.Range(0, dimensions * SquaredDistanceBlocks.BlockSize).Select(_ => (random.NextDouble() * 20) - 10).ToArray();
        var wide = new double[256 * SquaredDistanceBlocks.BlockSize];
        var narrow = new double[wide.Length];

        SquaredDistanceBlocks.DotTile512(data, dimensions, queryRows, 3, queryCount, packed, blockLength, wide);
        SquaredDistanceBlocks.DotTile256(data, dimensions, queryRows, 3, queryCount, packed, blockLength, narrow);

        for (var q = 0; q < queryCount; q++)
        {
            for (var j = 0; j < blockLength; j++)
            {
                var index = (q * SquaredDistanceBlocks.BlockSize) + j;
                Assert.Equal(BitConverter.DoubleToInt64Bits(narrow[index]), BitConverter.DoubleToInt64Bits(wide[index]));
            }
        }

        Assert.Contains(narrow, value => value != 0);
    }
}
