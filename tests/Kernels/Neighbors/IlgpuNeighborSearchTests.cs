using PllmML.Kernels.Neighbors;

namespace PllmML.Kernels.Tests.Neighbors;

/// <summary>The ILGPU kNN on ILGPU's CPU accelerator (always available) gives exactly the CPU search's graph.</summary>
public sealed class IlgpuNeighborSearchTests
{
    [Theory]
    [InlineData(37, 3, 5, 2048)]     // fewer rows than a 16-row group
    [InlineData(300, 20, 15, 2048)]  // several groups, k + margin < rows
    [InlineData(150, 7, 4, 64)]      // queries and references span three 64-row tiles (2048 on a device)
    public void Search_EqualsCpuSearch(int rows, int dimensions, int k, int tileSize)
    {
        var data = Numpy.Gaussian(rows * dimensions, rows + dimensions);
        using var search = IlgpuNeighborSearch.CreateCpuAccelerator(tileSize);

        var device = search.Search(data, dimensions, k);
        var cpu = ExactKnn.Search(data, dimensions, k);

        AssertSameGraph(cpu, device);
    }

    [Fact]
    public void Query_TiesAndDuplicates_OrderAsTheCpuSearch()
    {
        // Integer grid points, each twice: many exact ties that float rounding must not reorder.
        var points = new List<double>();
        for (var x = 0; x < 6; x++)
        {
            for (var y = 0; y < 5; y++)
            {
                points.AddRange([x, y, x, y]);
            }
        }

        var data = points.ToArray();
        var all = SquaredDistanceBlocks.All(data.Length / 2);
        using var search = IlgpuNeighborSearch.CreateCpuAccelerator();

        AssertSameGraph(ExactKnn.Query(data, 2, all, all, 9, excludeSelf: true), search.Query(data, 2, all, all, 9, excludeSelf: true));
        AssertSameGraph(ExactKnn.Query(data, 2, all, all, 9, excludeSelf: false), search.Query(data, 2, all, all, 9, excludeSelf: false));
    }

    [Fact]
    public void Query_FarFromTheOrigin_FloatCancellationIsCaughtAndRecomputed()
    {
        // Points 1e4 from the origin 1e-3 apart: |q|² + |r|² − 2q·r in float loses every digit of the distances,
        // so the certificate must fail and the CPU must answer, still exactly.
        var noise = Numpy.Gaussian(200 * 4, 7);
        var data = noise.Select(value => 1e4 + (1e-3 * value)).ToArray();
        var rows = SquaredDistanceBlocks.All(200);
        using var search = IlgpuNeighborSearch.CreateCpuAccelerator();

        var device = search.Query(data, 4, rows[..50], rows, 6, excludeSelf: true);

        AssertSameGraph(ExactKnn.Query(data, 4, rows[..50], rows, 6, excludeSelf: true), device);
        Assert.True(search.RecomputedQueries > 0);
    }

    [Fact]
    public void Query_IndicesArePositionsInTheReferenceList()
    {
        double[] data = [0, 10, 20, 30, 40, 50];
        using var search = IlgpuNeighborSearch.CreateCpuAccelerator();

        var graph = search.Query(data, 1, [0, 5], [4, 2, 1], 2, excludeSelf: false);

        Assert.Equal([2, 1], graph.NeighborsOf(0).ToArray());
        Assert.Equal([0, 1], graph.NeighborsOf(1).ToArray());
    }

    [Fact]
    public void Search_TooManyNeighbours_Throws()
    {
        using var search = IlgpuNeighborSearch.CreateCpuAccelerator();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => search.Search(new double[6], 2, 3));
        Assert.Contains("3 neighbours asked of 3 cells", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSameGraph(NeighborGraph expected, NeighborGraph actual)
    {
        Assert.Equal((expected.CellCount, expected.NeighborCount), (actual.CellCount, actual.NeighborCount));
        for (var cell = 0; cell < expected.CellCount; cell++)
        {
            Assert.Equal(expected.NeighborsOf(cell).ToArray(), actual.NeighborsOf(cell).ToArray());
            Assert.Equal(expected.DistancesOf(cell).ToArray(), actual.DistancesOf(cell).ToArray());
        }
    }
}
