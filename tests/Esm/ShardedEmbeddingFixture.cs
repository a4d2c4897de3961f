using PllmML.Data.Proteins;
using PllmML.Esm.Embedding;

namespace PllmML.Esm.Tests;

/// <summary>
/// The bundled human and mouse proteins of at most 500 residues, embedded once unsharded and once as shards 1/3, 2/3
/// and 3/3 into their own store folders, with the tiny random-weight checkpoint.
/// </summary>
public sealed class ShardedEmbeddingFixture : IDisposable
{
    public ShardedEmbeddingFixture()
    {
        using var reader = new ProteinFastaReader(TestPaths.Bundled("proteins", "human_mouse_refog_proteins.fa"));
        Proteins = reader.ReadRecords().Where(protein => protein.Length <= 500).ToList();
        Model = EsmModel.Load(TestPaths.Bundled("esm2", "tiny", "hf"));
        Folder = TestPaths.NewTempFolder();
        using (var store = EmbeddingStore.Open(Unsharded))
        {
            new ProteinEmbedder(Model, store).Embed(Proteins);
        }

        for (var number = 1; number <= 3; number++)
        {
            using var store = EmbeddingStore.Open(Shard(number));
            Summaries.Add(new ProteinEmbedder(Model, store, new ProteinEmbeddingOptions { Shard = new EmbeddingShard(number, 3) }).Embed(Proteins));
        }
    }

    public List<ProteinRecord> Proteins { get; }

    public EsmModel Model { get; }

    public string Folder { get; }

    public string Unsharded => Path.Combine(Folder, "unsharded");

    public List<EmbeddingRunSummary> Summaries { get; } = [];

    public string Shard(int number) => Path.Combine(Folder, $"shard_{number}");

    /// <summary>A copy of a store folder, to change without touching the original.</summary>
    public string Copy(string store, string name)
    {
        var copy = Path.Combine(Folder, name + "_" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(store))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    public void Dispose() => Model.Dispose();
}
