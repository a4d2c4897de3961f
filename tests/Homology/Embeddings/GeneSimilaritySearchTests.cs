using PllmML.Data;
using PllmML.Data.Embeddings;
using PllmML.Homology.Embeddings;

namespace PllmML.Homology.Tests.Embeddings;

public class GeneSimilaritySearchTests
{
    [Fact]
    public void Search_ConstantVector_NamesFileAndGene()
    {
        var (a, b) = EmbeddingFixtures.Orthologs(5, 6, 8, 7);
        b.Vectors.Row(3).Fill(2f);

        var error = Assert.Throws<DataFormatException>(() => EmbeddingFixtures.Search(a, b, 2));

        Assert.Equal("b.tsv", error.FilePath);
        Assert.Contains("Gene0003", error.Message, StringComparison.Ordinal);
        Assert.Contains("constant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_DifferentWidths_NamesBothFiles()
    {
        var (a, _) = EmbeddingFixtures.Orthologs(5, 6, 8, 8);
        var (_, b) = EmbeddingFixtures.Orthologs(5, 6, 9, 8);

        var error = Assert.Throws<DataFormatException>(() => EmbeddingFixtures.Search(a, b, 2));

        Assert.Contains("9 wide", error.Message, StringComparison.Ordinal);
        Assert.Contains("a.tsv are 8 wide", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_DuplicateOrNoGenes_Rejected()
    {
        var (a, b) = EmbeddingFixtures.Orthologs(3, 3, 4, 9);
        var duplicate = new EmbeddingTable(["X", "Y", "X"], a.Vectors);
        var empty = new EmbeddingTable([], new DenseMatrix(0, 4, []));

        Assert.Contains("'X' already appeared on row 1", Assert.Throws<DataFormatException>(() => EmbeddingFixtures.Search(duplicate, b, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("no gene embeddings", Assert.Throws<DataFormatException>(() => EmbeddingFixtures.Search(a, empty, 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_ScoreColumn_FollowsMetric()
    {
        var (a, b) = EmbeddingFixtures.Orthologs(4, 4, 4, 10);

        Assert.Equal("correlation", EmbeddingFixtures.Search(a, b, 1).ScoreColumnName);
        Assert.Equal("cosine", EmbeddingFixtures.Search(a, b, 1, Kernels.Similarity.SimilarityMetric.Cosine).ScoreColumnName);
    }
}
