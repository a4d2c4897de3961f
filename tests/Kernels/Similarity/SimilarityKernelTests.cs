using PllmML.Kernels.Similarity;

namespace PllmML.Kernels.Tests.Similarity;

/// <summary>
/// The facts every similarity-search backend must meet (style §14): numpy's top-k on the committed fixture, a naive
/// double-precision reference on random shapes, ties by index, padding. <see cref="SimilarityKernelTestsCpu"/>,
/// <see cref="SimilarityKernelTestsIlgpuCpu"/> (ILGPU's CPU accelerator) and <see cref="SimilarityKernelTestsCuda"/>
/// (skipped without a CUDA device) supply the backend.
/// </summary>
public abstract class SimilarityKernelTests
{
    /// <summary>A fresh search on the backend under test.</summary>
    protected abstract ISimilaritySearch CreateSearch();

    [BackendTheory]
    [InlineData(SimilarityMetric.Pearson, "expected_pearson_k3.tsv")]
    [InlineData(SimilarityMetric.Cosine, "expected_cosine_k3.tsv")]
    public void Search_NumpyFixture_SameListsAndScores(SimilarityMetric metric, string expectedFile)
    {
        var (a, rowsA, width) = SimilarityFixture.ReadEmbeddings("a.tsv");
        var (b, rowsB, _) = SimilarityFixture.ReadEmbeddings("b.tsv");
        var expected = SimilarityFixture.ReadExpected(expectedFile);
        using var search = CreateSearch();

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

    [BackendTheory]
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
        using var search = CreateSearch();

        var result = search.Search(UnitEmbeddingPair.Create(a, rowsA, b, rowsB, width, metric), k);

        NaiveSimilarity.AssertMatches(matrix, result.AToB, byColumn: false);
        NaiveSimilarity.AssertMatches(matrix, result.BToA, byColumn: true);
    }

    [BackendFact]
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
        using var search = CreateSearch();
        var result = search.Search(UnitEmbeddingPair.Create(a, 30, b, 40, width, SimilarityMetric.Cosine), 4);

        Assert.Equal(new[] { 2, 7, 21, 33 }, result.AToB.NeighboursOf(9).ToArray());
        Assert.Equal(1f, result.AToB.ScoresOf(9)[0], 1e-6f);
        Assert.Equal(result.AToB.ScoresOf(9)[0], result.AToB.ScoresOf(9)[3]);
    }

    [BackendFact]
    public void Search_MoreNeighboursThanTargets_PadsWithMinusOne()
    {
        var pair = UnitEmbeddingPair.Create(
            NaiveSimilarity.Random(4, 8, 11), 4, NaiveSimilarity.Random(2, 8, 12), 2, 8, SimilarityMetric.Cosine);

        using var search = CreateSearch();
        var result = search.Search(pair, 3);

        Assert.All(Enumerable.Range(0, 4), query => Assert.Equal(-1, result.AToB.NeighboursOf(query)[2]));
        Assert.Equal(float.NegativeInfinity, result.AToB.ScoresOf(0)[2]);
        Assert.DoesNotContain(-1, result.BToA.Indices);
    }
}
