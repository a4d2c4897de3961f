using PllmML.Kernels.Similarity;

namespace PllmML.Kernels.Tests.Similarity;

public class CpuSimilaritySearchTests
{
    [Theory]
    [InlineData(SimilarityMetric.Pearson, "expected_pearson_k3.tsv")]
    [InlineData(SimilarityMetric.Cosine, "expected_cosine_k3.tsv")]
    public void Search_NumpyFixture_SameListsAndScores(SimilarityMetric metric, string expectedFile)
    {
        var (a, rowsA, width) = SimilarityFixture.ReadEmbeddings("a.tsv");
        var (b, rowsB, _) = SimilarityFixture.ReadEmbeddings("b.tsv");
        var expected = SimilarityFixture.ReadExpected(expectedFile);
        using var search = new CpuSimilaritySearch(2);

        var result = search.Search(UnitEmbeddingPair.Create(a, rowsA, b, rowsB, width, metric), 3);

        foreach (var ((side, query), list) in expected)
        {
            var lists = side == "A" ? result.AToB : result.BToA;
            Assert.Equal(list.Select(entry => entry.Target).ToArray(), lists.NeighboursOf(query).ToArray());
            for (var rank = 0; rank < list.Count; rank++)
            {
                Assert.Equal(list[rank].Score, lists.ScoresOf(query)[rank], 1e-5);
            }
        }
    }

    [Theory]
    [InlineData(1, 1, 1, 1, SimilarityMetric.Cosine)]
    [InlineData(7, 17, 5, 3, SimilarityMetric.Pearson)]
    [InlineData(101, 95, 300, 10, SimilarityMetric.Pearson)]
    [InlineData(200, 530, 257, 4, SimilarityMetric.Cosine)]
    [InlineData(12, 5, 40, 8, SimilarityMetric.Pearson)]
    public void Search_RandomShapes_MatchesNaiveReference(int rowsA, int rowsB, int width, int k, SimilarityMetric metric)
    {
        var a = NaiveSimilarity.Random(rowsA, width, 1, 0.1f);
        var b = NaiveSimilarity.Random(rowsB, width, 2, -0.2f);
        var matrix = NaiveSimilarity.Matrix(a, rowsA, b, rowsB, width, metric);
        using var search = new CpuSimilaritySearch(2);

        var result = search.Search(UnitEmbeddingPair.Create(a, rowsA, b, rowsB, width, metric), k);

        NaiveSimilarity.AssertMatches(matrix, result.AToB, byColumn: false);
        NaiveSimilarity.AssertMatches(matrix, result.BToA, byColumn: true);
    }

    [Fact]
    public void Search_OneOrTwoThreads_IdenticalResults()
    {
        var a = NaiveSimilarity.Random(300, 64, 3);
        var b = NaiveSimilarity.Random(410, 64, 4);
        var pair = UnitEmbeddingPair.Create(a, 300, b, 410, 64, SimilarityMetric.Pearson);

        var one = new CpuSimilaritySearch(1).Search(pair, 5);
        var two = new CpuSimilaritySearch(2).Search(pair, 5);

        Assert.Equal(one.AToB.Indices, two.AToB.Indices);
        Assert.Equal(one.AToB.Scores, two.AToB.Scores);
        Assert.Equal(one.BToA.Indices, two.BToA.Indices);
        Assert.Equal(one.BToA.Scores, two.BToA.Scores);
    }

    [Fact]
    public void Search_IdenticalTargets_TiesOrderedByIndex()
    {
        const int width = 16;
        var b = NaiveSimilarity.Random(40, width, 5);
        var a = NaiveSimilarity.Random(30, width, 6);
        foreach (var copy in new[] { 33, 7, 21 })
        {
            b.AsSpan(2 * width, width).CopyTo(b.AsSpan(copy * width, width));
        }

        b.AsSpan(2 * width, width).CopyTo(a.AsSpan(9 * width, width));
        var result = new CpuSimilaritySearch(2).Search(UnitEmbeddingPair.Create(a, 30, b, 40, width, SimilarityMetric.Cosine), 4);

        Assert.Equal(new[] { 2, 7, 21, 33 }, result.AToB.NeighboursOf(9).ToArray());
        Assert.Equal(1f, result.AToB.ScoresOf(9)[0], 1e-6f);
        Assert.Equal(result.AToB.ScoresOf(9)[0], result.AToB.ScoresOf(9)[3]);
    }

    [Fact]
    public void Score_OnDemand_EqualsKernelScoresBitForBit()
    {
        var a = NaiveSimilarity.Random(50, 600, 7);
        var b = NaiveSimilarity.Random(70, 600, 8);
        var pair = UnitEmbeddingPair.Create(a, 50, b, 70, 600, SimilarityMetric.Pearson);
        var result = new CpuSimilaritySearch(2).Search(pair, 6);
        var row = new float[70];

        for (var query = 0; query < 50; query++)
        {
            pair.ScoreRow(query, row);
            for (var rank = 0; rank < 6; rank++)
            {
                var target = result.AToB.NeighboursOf(query)[rank];
                Assert.Equal(result.AToB.ScoresOf(query)[rank], pair.Score(query, target));
                Assert.Equal(result.AToB.ScoresOf(query)[rank], row[target]);
            }
        }
    }

    [Theory]
    [InlineData(SimilarityMetric.Cosine, 0f, "all values are zero")]
    [InlineData(SimilarityMetric.Pearson, 3f, "constant")]
    [InlineData(SimilarityMetric.Cosine, float.NaN, "NaN")]
    public void Create_DegenerateVector_NamesSideAndRow(SimilarityMetric metric, float fill, string problem)
    {
        var a = NaiveSimilarity.Random(5, 8, 9);
        var b = NaiveSimilarity.Random(6, 8, 10);
        b.AsSpan(4 * 8, 8).Fill(fill);

        var error = Assert.Throws<DegenerateVectorException>(
            () => UnitEmbeddingPair.Create(a, 5, b, 6, 8, metric));

        Assert.Equal(("B", 4), (error.Side, error.Row));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(
            () => UnitEmbeddingPair.Create(new float[10], 3, new float[9], 3, 3, SimilarityMetric.Cosine));
    }

    [Fact]
    public void Search_MoreNeighboursThanTargets_PadsWithMinusOne()
    {
        var pair = UnitEmbeddingPair.Create(
            NaiveSimilarity.Random(4, 8, 11), 4, NaiveSimilarity.Random(2, 8, 12), 2, 8, SimilarityMetric.Cosine);

        var result = new CpuSimilaritySearch().Search(pair, 3);

        Assert.All(Enumerable.Range(0, 4), query => Assert.Equal(-1, result.AToB.NeighboursOf(query)[2]));
        Assert.Equal(float.NegativeInfinity, result.AToB.ScoresOf(0)[2]);
        Assert.DoesNotContain(-1, result.BToA.Indices);
    }
}
