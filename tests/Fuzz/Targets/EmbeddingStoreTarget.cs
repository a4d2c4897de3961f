using PllmML.Esm.Embedding;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary>Embedding stores (<c>embeddings.sqlite</c>, what <c>pllm embed merge</c> reads from other machines) opened
/// with <see cref="EmbeddingStore.OpenExisting"/> and read entry by entry: a store of 40 embeddings written by
/// <see cref="EmbeddingStore.Put"/>. SQLite has no checksum over its pages, so changed values are legitimately read.</summary>
public sealed class EmbeddingStoreTarget : FuzzTarget
{
    private static readonly Lazy<byte[][]> SeedFiles = new(() => [MakeSeed()]);

    /// <inheritdoc />
    public override string Name => "embedding-store";

    /// <inheritdoc />
    public override string Extension => ".sqlite";

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => SeedFiles.Value;

    /// <inheritdoc />
    public override string Read(string path)
    {
        using var store = EmbeddingStore.OpenExisting(path);
        var digest = new FuzzDigest().Add(store.Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var entry in store.Entries())
        {
            digest.Add(entry.Key.Model).Add(entry.Key.Pooling).Add(entry.Key.SequenceHash)
                .Add([entry.Key.Layer, entry.Residues]).Add(entry.Vector);
        }

        return digest.ToString();
    }

    private static byte[] MakeSeed()
    {
        var folder = TestPaths.NewTempFolder();
        var random = new Random(5);
        using (var store = EmbeddingStore.Open(folder))
        {
            store.Put(Enumerable.Range(0, 40).Select(i =>
            {
                var sequence = new string([.. Enumerable.Range(0, 20 + i).Select(_ => "ACDEFGHIKLMNPQRSTVWY"[random.Next(20)])]);
                var key = new EmbeddingKey("esm2_t6_8M_UR50D", 6, "mean", EmbeddingKey.Hash(sequence));
                return (key, sequence.Length, Enumerable.Range(0, 16).Select(_ => (float)random.NextDouble()).ToArray());
            }).ToList());
        }

        return File.ReadAllBytes(Path.Combine(folder, EmbeddingStore.FileName));
    }
}
