using PllmML.Data.Proteins;
using PllmML.Esm;
using PllmML.Esm.Embedding;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary>
/// A damaged embedding store met by the embed path (<c>pllm embed --store</c> and the run's embed stage, whose table the
/// map stage reads): the store folder opened with <see cref="EmbeddingStore.Open"/>, then
/// <see cref="ProteinEmbedder.Embed"/> (skipping what the store lists, computing and writing the rest with the bundled
/// tiny ESM-2) and <see cref="ProteinEmbedder.ProteinTable"/>. The seed is a store of 12 proteins embedded by the same
/// model. SQLite has no checksum over its pages, so changed values are legitimately read; a row lost to the damage is
/// computed again, which gives the seed's table.
/// </summary>
public sealed class EmbeddingStoreEmbedTarget : FuzzTarget
{
    private static readonly Lazy<EsmModel> Model = new(() =>
        EsmModel.Load(TestPaths.Bundled("esm2", "tiny", "model.pt"), new EsmModelOptions { ThreadCount = 1 }));

    private static readonly Lazy<List<ProteinRecord>> Proteins = new(() =>
    {
        using var reader = new ProteinFastaReader(TestPaths.Bundled("esm2", "golden_inputs.fasta"));
        return [.. reader.ReadRecords().Take(12)];
    });

    private static readonly Lazy<byte[][]> SeedFiles = new(() => [MakeSeed()]);

    private static readonly ProteinEmbeddingOptions Options = new() { MaxTokens = 2048 };

    /// <inheritdoc />
    public override string Name => "embedding-store-embed";

    /// <inheritdoc />
    public override string Extension => ".sqlite";

    /// <inheritdoc />
    public override int DefaultInputs => 150;

    /// <inheritdoc />
    public override TimeSpan Timeout => TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => SeedFiles.Value;

    /// <inheritdoc />
    /// <remarks>The store is a folder holding <c>embeddings.sqlite</c>: the file is copied into
    /// <c>&lt;path&gt;.store/</c>, so an error naming the store file names <paramref name="path"/> too.</remarks>
    public override string Read(string path)
    {
        var folder = path + ".store";
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(path, Path.Combine(folder, EmbeddingStore.FileName), overwrite: true);
            using var store = EmbeddingStore.Open(folder);
            var embedder = new ProteinEmbedder(Model.Value, store, Options);
            embedder.Embed(Proteins.Value);
            var table = embedder.ProteinTable(Proteins.Value);
            return new FuzzDigest().Add(table.Ids).Add(table.Vectors.Values).ToString();
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold a file of a store it failed on; the run's work folder is removed later.
            }
        }
    }

    private static byte[] MakeSeed()
    {
        var folder = TestPaths.NewTempFolder();
        using (var store = EmbeddingStore.Open(folder))
        {
            new ProteinEmbedder(Model.Value, store, Options).Embed(Proteins.Value);
        }

        return File.ReadAllBytes(Path.Combine(folder, EmbeddingStore.FileName));
    }
}
