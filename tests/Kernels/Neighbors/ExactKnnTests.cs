using PllmML.Kernels.Neighbors;

namespace PllmML.Kernels.Tests.Neighbors;

public sealed class ExactKnnTests
{
    [Theory]
    [InlineData(37, 3, 5)]      // fewer rows than one block
    [InlineData(1100, 17, 12)]  // several 512-row reference blocks and 256-row query chunks
    public void Search_MatchesBruteForce(int rows, int dimensions, int k)
    {
        var data = Numpy.Gaussian(rows * dimensions, rows);
        var graph = ExactKnn.Search(data, dimensions, k);

        Assert.Equal((rows, k), (graph.CellCount, graph.NeighborCount));
        for (var row = 0; row < rows; row++)
        {
            var expected = Enumerable.Range(0, rows).Where(other => other != row)
                .Select(other => (Distance: Math.Sqrt(SquaredDistanceBlocks.Exact(data, dimensions, row, other)), Index: other))
                .Order().Take(k).ToArray();
            Assert.Equal(expected.Select(e => e.Index), graph.NeighborsOf(row).ToArray());
            Assert.Equal(expected.Select(e => e.Distance), graph.DistancesOf(row).ToArray());
        }
    }

    [Fact]
    public void Query_TiesGoToTheLowerIndex_AndSelfIsKeptUnlessExcluded()
    {
        // Points on a line at 0, 1, 2, 3, 4: from 2, the points 1 and 3 tie, as do 0 and 4.
        double[] data = [0, 1, 2, 3, 4];
        var all = SquaredDistanceBlocks.All(5);

        var withSelf = ExactKnn.Query(data, 1, [2], all, 5, excludeSelf: false);
        var withoutSelf = ExactKnn.Query(data, 1, [2], all, 4, excludeSelf: true);

        Assert.Equal([2, 1, 3, 0, 4], withSelf.NeighborsOf(0).ToArray());
        Assert.Equal([0, 1, 1, 2, 2], withSelf.DistancesOf(0).ToArray());
        Assert.Equal([1, 3, 0, 4], withoutSelf.NeighborsOf(0).ToArray());
    }

    [Fact]
    public void Query_IndicesArePositionsInTheReferenceList()
    {
        double[] data = [0, 10, 20, 30, 40, 50];
        var graph = ExactKnn.Query(data, 1, [0, 5], [4, 2, 1], 2, excludeSelf: false);
        Assert.Equal([2, 1], graph.NeighborsOf(0).ToArray()); // rows 1 and 2
        Assert.Equal([0, 1], graph.NeighborsOf(1).ToArray()); // rows 4 and 2
    }

    [Fact]
    public void Search_TooManyNeighbours_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ExactKnn.Search(new double[6], 2, 3));
        Assert.Contains("3 neighbours asked of 3 cells", error.Message, StringComparison.Ordinal);
    }
}
