using PllmML.Data.Embeddings;

namespace PllmML.Data.Tests.Embeddings;

public class EmbeddingFilesTests
{
    [Fact]
    public void Read_Tsv_ReturnsGenesAndVectors()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "human.tsv");
        File.WriteAllLines(path, ["TP53\t0.5\t-1", "BRCA1\t2\t3.25"]);

        var table = EmbeddingFiles.Read(path);

        Assert.Equal(["TP53", "BRCA1"], table.Ids);
        Assert.Equal([2f, 3.25f], table[1].ToArray());
    }

    [Fact]
    public void Read_EmptyOrMissingFile_ClearErrors()
    {
        var folder = TestPaths.NewTempFolder();
        var empty = Path.Combine(folder, "empty.tsv");
        File.WriteAllText(empty, string.Empty);

        var error = Assert.Throws<DataFormatException>(() => EmbeddingFiles.Read(empty));
        Assert.Contains("empty.tsv", error.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => EmbeddingFiles.Read(Path.Combine(folder, "missing.tsv")));
    }
}
