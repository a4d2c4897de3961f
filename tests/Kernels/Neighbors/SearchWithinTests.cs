using PllmML.Kernels.Neighbors;

namespace PllmML.Kernels.Tests.Neighbors;

/// <summary>
/// <see cref="ExactKnn.SearchWithin"/> (a group's neighbourhoods taken from the kNN graph of all rows) equals searching the
/// group on its own, bit for bit, whether the graph holds enough of the group's members or the row is searched; and
/// <see cref="ExactKnn.QueryWithin"/> (one batch's cells querying another's, as label transfer does) equals the search.
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

            ScreenedKnnTests.AssertIdentical(searched, within);
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

    [Theory]
    [InlineData(3000, 10, 90, 15, 0.0)]   // well mixed batches: nearly every query finds 15 references among its 90
    [InlineData(3000, 10, 90, 15, 3.0)]   // the second batch shifted: many queries are searched
    [InlineData(2200, 3, 25, 10, -1.0)]   // ties and duplicates: coordinates in {0, 1, 2}
    public void QueryWithin_OtherBatch_EqualsTheSearch(int cells, int dimensions, int graphK, int k, double shift)
    {
        var random = new Random(cells + dimensions);
        var ties = shift < 0;
        var data = ties
            ? [.. Enumerable.Range(0, cells * dimensions).Select(_ => (double)random.Next(3))]
            : ScreenedKnnTests.Clustered(cells, dimensions, 6, 0, seed: 4);
        var batch = Enumerable.Range(0, cells).Select(_ => random.Next(2)).ToArray();
        for (var i = 0; i < cells && !ties; i++)
        {
            data[i * dimensions] += batch[i] * shift;
        }

        var graph = ExactKnn.Search(data, dimensions, graphK);
        var references = Enumerable.Range(0, cells).Where(i => batch[i] == 0).ToArray();
        var queries = Enumerable.Range(0, cells).Where(i => batch[i] == 1).ToArray();

        var within = ExactKnn.QueryWithin(data, dimensions, graph, queries, references, k, excludeSelf: false);
        var searched = ExactKnn.QueryByDoubleTiles(data, dimensions, queries, references, k, excludeSelf: false);

        ScreenedKnnTests.AssertIdentical(searched, within);
    }

    [Fact]
    public void QueryWithin_QueriesAmongTheReferencesWithoutExcludingSelf_FindThemselves()
    {
        var data = ScreenedKnnTests.Clustered(400, 4, 3, 0, seed: 6);
        var graph = ExactKnn.Search(data, 4, 20);
        var all = Enumerable.Range(0, 400).ToArray();
        int[] queries = [3, 77, 250];

        var within = ExactKnn.QueryWithin(data, 4, graph, queries, all, 5, excludeSelf: false);

        Assert.Equal(queries, Enumerable.Range(0, 3).Select(q => within.NeighborsOf(q)[0]));
        Assert.Equal(ExactKnn.QueryByDoubleTiles(data, 4, queries, all, 5, excludeSelf: false).Indices, within.Indices);
    }
}
