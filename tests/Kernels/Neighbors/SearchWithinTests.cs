using PllmML.Kernels.Neighbors;

namespace PllmML.Kernels.Tests.Neighbors;

/// <summary>
/// <see cref="ExactKnn.SearchWithin"/> (a group's neighbourhoods taken from the kNN graph of all rows) equals searching the
/// group on its own, bit for bit, whether the graph holds enough of the group's members or the row is searched.
/// </summary>
public sealed class SearchWithinTests
{
    [Theory]
    [InlineData(2500, 10, 6, 40, 30, false)]  // most rows find 30 group members among their 40 neighbours, boundary rows do not
    [InlineData(600, 5, 3, 20, 19, false)]    // double tiles underneath (small)
    [InlineData(2200, 3, 4, 25, 10, true)]    // ties and duplicates: coordinates in {0, 1, 2}
    public void SearchWithin_EqualsSearchingTheGroup(int cells, int dimensions, int groups, int graphK, int k, bool ties)
    {
        var random = new Random(cells);
        var data = ties
            ? [.. Enumerable.Range(0, cells * dimensions).Select(_ => (double)random.Next(3))]
            : ScreenedKnnTests.Clustered(cells, dimensions, groups + 2, 0, seed: 9);
        var group = Enumerable.Range(0, cells).Select(_ => random.Next(groups)).ToArray();
        var graph = ExactKnn.Search(data, dimensions, graphK);

        for (var g = 0; g < groups; g++)
        {
            var rows = Enumerable.Range(0, cells).Where(i => group[i] == g).ToArray();

            var within = ExactKnn.SearchWithin(data, dimensions, graph, rows, k);
            var searched = ExactKnn.QueryByDoubleTiles(data, dimensions, rows, rows, k, excludeSelf: true);

            Assert.Equal(searched.Indices, within.Indices);
            Assert.Equal(searched.Distances.Select(BitConverter.DoubleToInt64Bits), within.Distances.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void SearchWithin_RowsNotIncreasing_SearchesThem()
    {
        var data = ScreenedKnnTests.Clustered(300, 4, 3, 0, seed: 2);
        var graph = ExactKnn.Search(data, 4, 10);
        int[] rows = [.. Enumerable.Range(0, 100).Select(i => 299 - (2 * i))];

        var within = ExactKnn.SearchWithin(data, 4, graph, rows, 5);

        Assert.Equal(ExactKnn.QueryByDoubleTiles(data, 4, rows, rows, 5, excludeSelf: true).Indices, within.Indices);
    }
}
