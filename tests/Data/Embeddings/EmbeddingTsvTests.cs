using PllmML.Data.Embeddings;

namespace PllmML.Data.Tests.Embeddings;

public class EmbeddingTsvTests
{
    [Fact]
    public void WriteThenRead_KeepsIdsAndExactValues()
    {
        var table = new EmbeddingTable(["INS", "GCG"], new DenseMatrix(2, 3, [0.1f, -2.5e-8f, 3f, float.MaxValue, 0f, -1f]));
        var path = Path.Combine(TestPaths.NewTempFolder(), "genes.tsv");

        EmbeddingTsv.Write(table, path);
        var copy = EmbeddingTsv.Read(path);

        Assert.Equal(table.Ids, copy.Ids);
        Assert.Equal(table.Vectors.Values, copy.Vectors.Values);
    }

    [Theory]
    [InlineData("INS\t1\t2\nGCG\t1\n", "line 2", "1 values")]
    [InlineData("INS\t1\t2\nGCG\t1\tx\n", "line 2", "'x'")]
    [InlineData("INS\t1\t2\nINS\t1\t3\n", "line 2", "already appeared on line 1")]
    [InlineData("INS\t1\tNaN\n", "line 1", "not a finite number")]
    [InlineData("INS\n", "line 1", "expected an id")]
    public void Read_BadRow_ThrowsNamingTheLine(string text, string location, string problem)
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "genes.tsv");
        File.WriteAllText(path, text);

        var error = Assert.Throws<DataFormatException>(() => EmbeddingTsv.Read(path));

        Assert.Equal(location, error.Location);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
