using PllmML.Data;
using PllmML.Data.Embeddings;

namespace PllmML.Data.Tests.Embeddings;

public class EmbeddingFormatTests
{
    private static string Fixture(string name) => Path.Combine(TestPaths.RepositoryRoot, "tests", "Data", "Embeddings", name);

    private static EmbeddingTable Sample() => new(
        ["TP53", "INS", "GCG"],
        new DenseMatrix(3, 4, [0.1f, -2.5f, 3.25e-7f, 1e6f, 0, 1, 2, 3, -0.5f, 0.25f, float.Epsilon, 7]));

    [Fact]
    public void Safetensors_WriteThenRead_KeepsIdsOrderAndValues()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "genes.safetensors");

        EmbeddingSafetensors.Write(Sample(), path, new Dictionary<string, string> { ["model"] = "tiny" });
        var back = EmbeddingSafetensors.Read(path);

        Assert.Equal(Sample().Ids, back.Ids);
        Assert.Equal(Sample().Vectors.Values, back.Vectors.Values);
    }

    [AnndataFact]
    public void Safetensors_ParsedByNumpyFromTheSpec_GivesTheSameVectors()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "genes.safetensors");
        EmbeddingSafetensors.Write(Sample(), path);

        var printed = PythonPeer.Run("-c",
            "import json, struct, sys, numpy as np; b = open(sys.argv[1], 'rb').read(); n = struct.unpack('<Q', b[:8])[0]; "
            + "h = json.loads(b[8:8 + n]); ids = json.loads(h['__metadata__']['pllm_ids']); "
            + "print(' '.join(f\"{i}:{np.frombuffer(b[8 + n + h[i]['data_offsets'][0]:8 + n + h[i]['data_offsets'][1]], '<f4')[1]!r}\" for i in ids))",
            path);

        Assert.Equal("TP53:-2.5 INS:1.0 GCG:0.25", printed.Trim());
    }

    [Fact]
    public void Parquet_WriteThenRead_KeepsIdsOrderAndValues()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "genes.parquet");

        EmbeddingParquet.Write(Sample(), path);
        var back = EmbeddingParquet.Read(path);

        Assert.Equal(Sample().Ids, back.Ids);
        Assert.Equal(Sample().Vectors.Values, back.Vectors.Values);
    }

    [Fact]
    public void Parquet_NotParquet_IsADataFormatError()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "genes.parquet");
        File.WriteAllText(path, "id\tv1\nTP53\t1\n");

        var error = Assert.Throws<DataFormatException>(() => EmbeddingParquet.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TorchPt_OriginalGeneDictionary_ReadsEveryGeneWithItsVector()
    {
        var table = EmbeddingTorchPt.Read(Fixture("gene_embeddings.pt"));
        var expected = EmbeddingTsv.Read(Fixture("gene_embeddings.tsv"));

        Assert.Equal(expected.Ids, table.Ids);
        Assert.Equal(expected.Vectors.Values, table.Vectors.Values);
    }

    [Fact]
    public void TorchPt_Truncated_IsAClearError()
    {
        var bytes = File.ReadAllBytes(Fixture("gene_embeddings.pt"));
        var path = Path.Combine(TestPaths.NewTempFolder(), "cut.pt");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<DataFormatException>(() => EmbeddingTorchPt.Read(path));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }
}
