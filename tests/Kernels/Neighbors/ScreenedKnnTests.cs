using System.Globalization;
using PllmML.Kernels.Neighbors;

namespace PllmML.Kernels.Tests.Neighbors;

/// <summary>
/// The screened float search (<see cref="ScreenedKnn"/>) returns the double-precision search's graph bit for bit —
/// neighbours, order, ties and distances — on clustered, structureless, tied and duplicated, offset and subset inputs,
/// and scikit-learn's <c>NearestNeighbors</c>.
/// </summary>
public sealed class ScreenedKnnTests
{
    [Theory]
    [InlineData(3000, 30, 89, 12, 0.0)]   // clustered, three groups of references
    [InlineData(5000, 30, 89, 1, 0.0)]    // one Gaussian: nothing to prune
    [InlineData(4100, 10, 15, 40, 0.0)]   // many small clusters
    [InlineData(3000, 30, 50, 6, 100.0)]  // far from the origin: wide rounding bounds
    [InlineData(2500, 2, 7, 3, 0.0)]      // two dimensions
    public void Search_EqualsDoubleTiles(int cells, int dimensions, int k, int clusters, double offset)
    {
        var data = Clustered(cells, dimensions, clusters, offset, seed: cells + dimensions);
        var rows = SquaredDistanceBlocks.All(cells);

        var screened = ScreenedKnn.Query(data, dimensions, rows, rows, k, excludeSelf: true);
        var reference = ExactKnn.QueryByDoubleTiles(data, dimensions, rows, rows, k, excludeSelf: true);

        AssertIdentical(reference, screened);
    }

    [Theory]
    [InlineData(3000, 4, 3, 20)]  // coordinates in {0, 1, 2}: every distance ties with many others, rows repeat
    [InlineData(2600, 3, 2, 40)]  // coordinates in {0, 1}: 8 distinct points, each ~325 times
    public void Search_TiesAndDuplicates_EqualDoubleTiles(int cells, int dimensions, int levels, int k)
    {
        var random = new Random(20261206);
        var data = Enumerable.Range(0, cells * dimensions).Select(_ => (double)random.Next(levels)).ToArray();
        var rows = SquaredDistanceBlocks.All(cells);

        var screened = ScreenedKnn.Query(data, dimensions, rows, rows, k, excludeSelf: true);
        var reference = ExactKnn.QueryByDoubleTiles(data, dimensions, rows, rows, k, excludeSelf: true);

        AssertIdentical(reference, screened);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Query_ShuffledSubsets_EqualDoubleTiles(bool excludeSelf)
    {
        const int cells = 6000, dimensions = 20, k = 30;
        var data = Clustered(cells, dimensions, 8, 0, seed: 5);
        var random = new Random(11);
        var references = Enumerable.Range(0, cells).Where(_ => random.NextDouble() < 0.7).OrderBy(_ => random.Next()).ToArray();
        var queries = excludeSelf
            ? references.Where((_, i) => i % 3 == 0).ToArray()      // queries among the references: self left out
            : Enumerable.Range(0, cells).Where(i => !references.Contains(i)).ToArray();

        var screened = ScreenedKnn.Query(data, dimensions, queries, references, k, excludeSelf);
        var reference = ExactKnn.QueryByDoubleTiles(data, dimensions, queries, references, k, excludeSelf);

        AssertIdentical(reference, screened);
    }

    [Fact]
    public void ExactKnn_LargeSearch_UsesTheScreenedPathWithTheSameGraph()
    {
        const int cells = 2100, dimensions = 8, k = 10;
        var data = Clustered(cells, dimensions, 5, 0, seed: 3);
        Assert.True((long)cells * cells >= ScreenedKnn.MinimumPairs);

        var graph = ExactKnn.Search(data, dimensions, k);

        AssertIdentical(ExactKnn.QueryByDoubleTiles(data, dimensions, SquaredDistanceBlocks.All(cells), SquaredDistanceBlocks.All(cells), k, excludeSelf: true), graph);
    }

    [Fact]
    public void Query_TooFewReferences_Throws()
    {
        var data = Clustered(2100, 4, 2, 0, seed: 1);
        var queries = SquaredDistanceBlocks.All(2100);

        Assert.Throws<ArgumentOutOfRangeException>(() => ScreenedKnn.Query(data, 4, queries, [0, 1, 2], 3, excludeSelf: true));
    }

    [NumpyTheory]
    [InlineData(3000, 12, 25)]
    public void Query_MatchesScikitLearnNearestNeighbors(int cells, int dimensions, int k)
    {
        var data = Clustered(cells, dimensions, 7, 0, seed: 42);
        var half = cells / 2;
        var queries = Enumerable.Range(0, half).ToArray();
        var references = Enumerable.Range(half, cells - half).ToArray();
        var script = string.Create(CultureInfo.InvariantCulture, $$"""
            import sys, numpy as np
            from sklearn.neighbors import NearestNeighbors
            x = np.loadtxt(sys.argv[1]).reshape(-1, {{dimensions}})
            d, i = NearestNeighbors(n_neighbors={{k}}, algorithm="brute").fit(x[{{half}}:]).kneighbors(x[:{{half}}])
            print(" ".join(str(v) for v in i.ravel()))
            print(" ".join(repr(float(v)) for v in d.ravel()))
            """);

        var expected = Numpy.Run(script, data);
        var graph = ScreenedKnn.Query(data, dimensions, queries, references, k, excludeSelf: false);

        Assert.Equal(expected[0].Select(v => (int)v), graph.Indices);
        for (var i = 0; i < expected[1].Length; i++)
        {
            Assert.Equal(expected[1][i], graph.Distances[i], 1e-9);
        }
    }

    [Theory]
    [InlineData(6000, 50, 89)]
    [InlineData(5000, 20, 30)]
    public void Search_TypesInLeadingDimensionsWithNoiseBehind_EqualsDoubleTiles(int cells, int dimensions, int k)
    {
        var data = Layered(cells, dimensions, seed: cells);
        var rows = SquaredDistanceBlocks.All(cells);

        var screened = ScreenedKnn.Query(data, dimensions, rows, rows, k, excludeSelf: true);
        var reference = ExactKnn.QueryByDoubleTiles(data, dimensions, rows, rows, k, excludeSelf: true);

        AssertIdentical(reference, screened);
    }

    [Fact]
    public void LowerBounds_NeverExceedTheNearestMember_AndRuleOutOtherTypes()
    {
        const int cells = 12000, dimensions = 50, queries = 64, k = 30;
        var data = Layered(cells, dimensions, seed: 9);
        var references = SquaredDistanceBlocks.All(cells);
        var norms = SquaredDistanceBlocks.Norms(data, dimensions);
        var grouping = ReferenceGroups.Build(data, dimensions, references, norms);
        Assert.True(grouping.GroupCount > 1);
        var queryRows = Enumerable.Range(0, queries).Select(i => (i * 97) % cells).ToArray();
        var qf = new float[queries * dimensions];
        var qd = new double[queries * dimensions];
        for (var i = 0; i < queries; i++)
        {
            for (var t = 0; t < dimensions; t++)
            {
                qd[(i * dimensions) + t] = data[(queryRows[i] * dimensions) + t];
                qf[(i * dimensions) + t] = (float)qd[(i * dimensions) + t];
            }
        }

        var lower = new double[queries * grouping.GroupCount];
        var unit = ScreenedKnn.Unit(dimensions);
        grouping.LowerBounds(qf, qd, dimensions, queries, queries, [.. queryRows.Select(r => norms[r])], unit, lower, new float[4 * ScreenedKnn.PanelWidth]);

        var kth = ExactKnn.QueryByDoubleTiles(data, dimensions, queryRows, references, k, excludeSelf: true);
        var ruledOut = 0;
        for (var g = 0; g < grouping.GroupCount; g++)
        {
            var (first, count) = grouping.Panels(g);
            var members = Enumerable.Range(first * ScreenedKnn.PanelWidth, count * ScreenedKnn.PanelWidth)
                .Select(column => grouping.PackedReferences[column]).Where(r => r >= 0).ToArray();
            for (var i = 0; i < queries; i++)
            {
                var nearest = members.Min(r => SquaredDistanceBlocks.Exact(data, dimensions, queryRows[i], r));
                var bound = lower[(i * grouping.GroupCount) + g];
                Assert.True(bound <= nearest, $"query {i}, group {g}: bound {bound:R} above the nearest member at {nearest:R}");
                var reach = kth.DistancesOf(i)[k - 1];
                ruledOut += bound > reach * reach ? 1 : 0;
            }
        }

        // A group's whole ball is as wide as the noise: the ball bound alone puts 14 of these 704 pairs beyond the k-th
        // neighbour, the block bound 172.
        Assert.True(ruledOut > queries * grouping.GroupCount / 5, $"{ruledOut} of {queries * grouping.GroupCount} pairs ruled out");
    }

    /// <summary>
    /// Six cell types that differ in the first eight dimensions (centres uniform in [0, 10] there), with Gaussian noise
    /// (sd 1) in every dimension: a PCA embedding's shape, where a group's whole ball is as wide as the noise.
    /// </summary>
    private static double[] Layered(int cells, int dimensions, int seed)
    {
        const int types = 6, leading = 8;
        var random = new Random(seed);
        var centres = Enumerable.Range(0, types * leading).Select(_ => random.NextDouble() * 10).ToArray();
        var gaussian = Numpy.Gaussian(cells * dimensions, seed + 1);
        var data = new double[cells * dimensions];
        for (var i = 0; i < cells; i++)
        {
            var c = random.Next(types);
            for (var t = 0; t < dimensions; t++)
            {
                data[(i * dimensions) + t] = (t < leading ? centres[(c * leading) + t] : 0) + gaussian[(i * dimensions) + t];
            }
        }

        return data;
    }

    /// <summary>Gaussian clusters (sd 1) around centres uniform in [0, 10]^d, shifted by <paramref name="offset"/>.</summary>
    internal static double[] Clustered(int cells, int dimensions, int clusters, double offset, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, clusters * dimensions).Select(_ => (random.NextDouble() * 10) + offset).ToArray();
        var gaussian = Numpy.Gaussian(cells * dimensions, seed + 1);
        var data = new double[cells * dimensions];
        for (var i = 0; i < cells; i++)
        {
            var c = random.Next(clusters);
            for (var t = 0; t < dimensions; t++)
            {
                data[(i * dimensions) + t] = centres[(c * dimensions) + t] + gaussian[(i * dimensions) + t];
            }
        }

        return data;
    }

    /// <summary>The same shape, neighbours and distances, bit for bit; the first difference named.</summary>
    internal static void AssertIdentical(NeighborGraph expected, NeighborGraph actual)
    {
        Assert.Equal(expected.CellCount, actual.CellCount);
        Assert.Equal(expected.NeighborCount, actual.NeighborCount);
        for (var i = 0; i < expected.Indices.Count; i++)
        {
            if (expected.Indices[i] != actual.Indices[i] || BitConverter.DoubleToInt64Bits(expected.Distances[i]) != BitConverter.DoubleToInt64Bits(actual.Distances[i]))
            {
                Assert.Fail($"query {i / expected.NeighborCount}, rank {i % expected.NeighborCount}: expected {expected.Indices[i]} at {expected.Distances[i]:R}, got {actual.Indices[i]} at {actual.Distances[i]:R}");
            }
        }
    }
}
