using PllmML.Kernels.Similarity;

namespace PllmML.Kernels.Tests.Similarity;

/// <summary>The CPU backend (<see cref="CpuSimilaritySearch"/>), with what only it has: threads, on-demand scores, input checks.</summary>
public sealed class SimilarityKernelTestsCpu : SimilarityKernelTests
{
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

    /// <inheritdoc/>
    protected override ISimilaritySearch CreateSearch() => new CpuSimilaritySearch(2);
}
