using PllmML.Kernels.Neighbors;

namespace PllmML.Kernels.Tests.Neighbors;

/// <summary>
/// The facts every exact kNN backend must meet (style §14, ILGPU's test layout): scikit-learn's neighbours, brute force,
/// ties by index, positions in the reference list, argument checks. <see cref="KnnKernelTestsCpu"/>,
/// <see cref="KnnKernelTestsIlgpuCpu"/> (ILGPU's CPU accelerator, always available) and <see cref="KnnKernelTestsCuda"/>
/// (skipped without a CUDA device) supply the backend.
/// </summary>
public abstract class KnnKernelTests
{
    /// <summary>A fresh search on the backend under test.</summary>
    protected abstract INeighborSearch CreateSearch();

    [BackendFact]
    public void Search_MatchesScikitLearnNearestNeighbors()
    {
        var data = KnnFixture.ReadCells();
        var expected = KnnFixture.ReadExpected("expected_search_k6.tsv");
        using var search = CreateSearch();

        var graph = search.Search(data, KnnFixture.Dimensions, KnnFixture.K);

        AssertMatches(expected, graph);
    }

    [BackendFact]
    public void Query_MatchesScikitLearnNearestNeighbors()
    {
        var data = KnnFixture.ReadCells();
        var expected = KnnFixture.ReadExpected("expected_query_k6.tsv");
        var rows = SquaredDistanceBlocks.All(data.Length / KnnFixture.Dimensions);
        using var search = CreateSearch();

        var graph = search.Query(data, KnnFixture.Dimensions, rows[..25], rows[25..], KnnFixture.K, excludeSelf: false);

        AssertMatches(expected, graph);
    }

    [BackendTheory]
    [InlineData(37, 3, 5)]     // fewer rows than a 16-row group
    [InlineData(300, 20, 15)]  // several groups and blocks, k + margin < rows
    public void Search_MatchesBruteForce(int rows, int dimensions, int k)
    {
        var data = Numpy.Gaussian(rows * dimensions, rows + dimensions);
        using var search = CreateSearch();

        var graph = search.Search(data, dimensions, k);

        AssertSameGraph(BruteForce(data, dimensions, SquaredDistanceBlocks.All(rows), SquaredDistanceBlocks.All(rows), k, excludeSelf: true), graph);
    }

    [BackendFact]
    public void Query_TiesGoToTheLowerIndex_AndSelfIsKeptUnlessExcluded()
    {
        // Points on a line at 0, 1, 2, 3, 4: from 2, the points 1 and 3 tie, as do 0 and 4.
        double[] data = [0, 1, 2, 3, 4];
        var all = SquaredDistanceBlocks.All(5);
        using var search = CreateSearch();

        var withSelf = search.Query(data, 1, [2], all, 5, excludeSelf: false);
        var withoutSelf = search.Query(data, 1, [2], all, 4, excludeSelf: true);

        Assert.Equal([2, 1, 3, 0, 4], withSelf.NeighborsOf(0).ToArray());
        Assert.Equal([0, 1, 1, 2, 2], withSelf.DistancesOf(0).ToArray());
        Assert.Equal([1, 3, 0, 4], withoutSelf.NeighborsOf(0).ToArray());
    }

    [BackendFact]
    public void Query_TiesAndDuplicates_OrderByIndex()
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
        using var search = CreateSearch();

        AssertSameGraph(BruteForce(data, 2, all, all, 9, excludeSelf: true), search.Query(data, 2, all, all, 9, excludeSelf: true));
        AssertSameGraph(BruteForce(data, 2, all, all, 9, excludeSelf: false), search.Query(data, 2, all, all, 9, excludeSelf: false));
    }

    [BackendFact]
    public void Query_FarFromTheOrigin_EqualsTheCpuBackend()
    {
        // Points 1e4 from the origin 1e-3 apart: |q|² + |r|² − 2q·r loses most digits in double and every digit in
        // float; a device backend must still give the CPU's graph (its certificate sends such queries to the CPU).
        var data = FarFromTheOrigin();
        var rows = SquaredDistanceBlocks.All(200);
        using var search = CreateSearch();

        var graph = search.Query(data, 4, rows[..50], rows, 6, excludeSelf: true);

        AssertSameGraph(ExactKnn.Query(data, 4, rows[..50], rows, 6, excludeSelf: true), graph);
    }

    [BackendFact]
    public void Query_IndicesArePositionsInTheReferenceList()
    {
        double[] data = [0, 10, 20, 30, 40, 50];
        using var search = CreateSearch();

        var graph = search.Query(data, 1, [0, 5], [4, 2, 1], 2, excludeSelf: false);

        Assert.Equal([2, 1], graph.NeighborsOf(0).ToArray()); // rows 1 and 2
        Assert.Equal([0, 1], graph.NeighborsOf(1).ToArray()); // rows 4 and 2
    }

    [BackendFact]
    public void Search_TooManyNeighbours_Throws()
    {
        using var search = CreateSearch();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => search.Search(new double[6], 2, 3));
        Assert.Contains("3 neighbours asked of 3 cells", error.Message, StringComparison.Ordinal);
    }

    [BackendFact]
    public void Query_NoNeighbours_Throws()
    {
        using var search = CreateSearch();
        Assert.Throws<ArgumentOutOfRangeException>(() => search.Query([0, 1, 2], 1, [0], [1, 2], 0, excludeSelf: false));
    }

    /// <summary>200 points in 4 dimensions, 1e4 from the origin and about 1e-3 apart.</summary>
    protected static double[] FarFromTheOrigin() => Numpy.Gaussian(200 * 4, 7).Select(value => 1e4 + (1e-3 * value)).ToArray();

    /// <summary>Every query's neighbours by sorting its exact distances (ties by index).</summary>
    protected static NeighborGraph BruteForce(double[] data, int dimensions, int[] queries, int[] references, int k, bool excludeSelf)
    {
        var indices = new int[queries.Length * k];
        var distances = new double[queries.Length * k];
        for (var q = 0; q < queries.Length; q++)
        {
            var nearest = Enumerable.Range(0, references.Length).Where(r => !excludeSelf || references[r] != queries[q])
                .Select(r => (Distance: Math.Sqrt(SquaredDistanceBlocks.Exact(data, dimensions, queries[q], references[r])), Index: r))
                .Order().Take(k).ToArray();
            for (var rank = 0; rank < k; rank++)
            {
                (distances[(q * k) + rank], indices[(q * k) + rank]) = nearest[rank];
            }
        }

        return new NeighborGraph(queries.Length, k, indices, distances);
    }

    /// <summary>The same neighbours and, bit for bit, the same distances.</summary>
    protected static void AssertSameGraph(NeighborGraph expected, NeighborGraph actual)
    {
        Assert.Equal((expected.CellCount, expected.NeighborCount), (actual.CellCount, actual.NeighborCount));
        for (var cell = 0; cell < expected.CellCount; cell++)
        {
            Assert.Equal(expected.NeighborsOf(cell).ToArray(), actual.NeighborsOf(cell).ToArray());
            Assert.Equal(expected.DistancesOf(cell).ToArray(), actual.DistancesOf(cell).ToArray());
        }
    }

    private static void AssertMatches((int[] Indices, double[] Distances)[] expected, NeighborGraph graph)
    {
        Assert.Equal((expected.Length, KnnFixture.K), (graph.CellCount, graph.NeighborCount));
        for (var query = 0; query < expected.Length; query++)
        {
            Assert.Equal(expected[query].Indices, graph.NeighborsOf(query).ToArray());

            // scikit-learn computes distances as ‖x‖² + ‖y‖² − 2x·y; ours are exact differences.
            for (var rank = 0; rank < KnnFixture.K; rank++)
            {
                Assert.Equal(expected[query].Distances[rank], graph.DistancesOf(query)[rank], 1e-9);
            }
        }
    }
}
