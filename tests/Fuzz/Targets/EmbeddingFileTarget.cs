using PllmML.Data;
using PllmML.Data.Embeddings;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary>Gene embedding files read by <see cref="EmbeddingFiles.Read"/>: TSV, safetensors and Parquet written from
/// a small table, and the bundled <c>.pt</c> dictionary (tests/Data/Embeddings, written by torch.save).</summary>
/// <param name="extension">The file kind: <c>.tsv</c>, <c>.safetensors</c>, <c>.parquet</c> or <c>.pt</c>.</param>
public sealed class EmbeddingFileTarget(string extension) : FuzzTarget
{
    private readonly Lazy<byte[][]> _seeds = new(() => [MakeSeed(extension)]);

    /// <inheritdoc />
    public override string Name => "embeddings-" + extension.TrimStart('.');

    /// <inheritdoc />
    public override string Extension => extension;

    /// <inheritdoc />
    public override bool ChecksumsEverything => extension == ".pt";

    /// <inheritdoc />
    public override bool IsText => extension == ".tsv";

    /// <inheritdoc />
    public override int DefaultInputs => 300;

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => _seeds.Value;

    /// <inheritdoc />
    public override string Read(string path)
    {
        var table = EmbeddingFiles.Read(path);
        return new FuzzDigest().Add(table.Ids).Add(table.Vectors.Values).Add(table.Width.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToString();
    }

    /// <inheritdoc />
    public override byte[]? MutateStructured(byte[] seed, Random random) =>
        extension == ".pt" ? ZipMutator.MutateEntry(seed, random, name => name.EndsWith("data.pkl", StringComparison.Ordinal) ? 10 : 1) : null;

    private static byte[] MakeSeed(string extension)
    {
        if (extension == ".pt")
        {
            return File.ReadAllBytes(Path.Combine(TestPaths.RepositoryRoot, "tests", "Data", "Embeddings", "gene_embeddings.pt"));
        }

        var random = new Random(7);
        var ids = Enumerable.Range(0, 12).Select(i => $"ENSG{i:00000000000}").ToArray();
        var values = Enumerable.Range(0, 12 * 6).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var folder = Directory.CreateTempSubdirectory("pllm-fuzz-seed-");
        try
        {
            var path = Path.Combine(folder.FullName, "seed" + extension);
            EmbeddingFiles.Write(new EmbeddingTable(ids, new DenseMatrix(12, 6, values)), path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
