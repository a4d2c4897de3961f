using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PllmML.Esm.Embedding;

namespace PllmML.Esm.Tests;

public class EmbeddingStoreMergeTests(ShardedEmbeddingFixture data) : IClassFixture<ShardedEmbeddingFixture>
{
    private string[] Shards => [data.Shard(1), data.Shard(2), data.Shard(3)];

    [Fact]
    public void Shards_AreDisjointAndCoverEveryDistinctSequence()
    {
        var distinct = data.Proteins.Select(protein => protein.Sequence).Distinct(StringComparer.Ordinal).Count();
        var keys = Shards.Select((folder, index) => (Number: index + 1, Keys: HashesIn(folder))).ToList();

        Assert.All(keys, shard => Assert.All(shard.Keys, hash => Assert.Equal(shard.Number, EmbeddingShard.NumberOf(Convert.FromHexString(hash), 3))));
        Assert.Equal(distinct, keys.Sum(shard => shard.Keys.Count));
        Assert.Equal(HashesIn(data.Unsharded), keys.SelectMany(shard => shard.Keys).ToHashSet());
        Assert.All(keys, shard => Assert.InRange(shard.Keys.Count, 1, distinct - 1));
        Assert.All(data.Summaries, summary => Assert.Equal(distinct, summary.UniqueSequences + summary.OtherShards));
        Assert.Equal(keys.Select(shard => shard.Keys.Count), data.Summaries.Select(summary => summary.Computed));
    }

    [Fact]
    public void Merge_Shards_HoldsTheUnshardedVectors_AndAnUnshardedRunEmbedsNothing()
    {
        var merged = Path.Combine(TestPaths.NewTempFolder(), "embeddings");
        EmbeddingMergeSummary summary;
        using (var store = EmbeddingStore.Open(merged))
        {
            summary = store.Merge(Shards);
        }

        var total = data.Summaries.Sum(s => s.Computed);
        Assert.Equal((3, (long)total, (long)total, 0L, 0L), (summary.Stores, summary.RowsRead, summary.Added, summary.AlreadyPresent, summary.Conflicts));
        var group = Assert.Single(summary.Groups);
        Assert.Equal((data.Model.Identity, 2, "mean/truncate1022", (long)total), (group.Model, group.Layer, group.Pooling, group.Added));

        using var mergedStore = EmbeddingStore.Open(merged);
        using var unsharded = EmbeddingStore.Open(data.Unsharded);
        var embedder = new ProteinEmbedder(data.Model, mergedStore);
        Assert.Equal(0, embedder.CountMissing(data.Proteins));
        var run = embedder.Embed(data.Proteins);
        Assert.Equal((total, 0, 0L), (run.Reused, run.Computed, run.ResiduesComputed));

        // Shards batch the sequences differently from the unsharded run, so padding changes float32 rounding slightly.
        var expected = new ProteinEmbedder(data.Model, unsharded).ProteinTable(data.Proteins);
        var actual = embedder.ProteinTable(data.Proteins);
        Assert.Equal(expected.Ids, actual.Ids);
        var max = Enumerable.Range(0, expected.Count).Max(row => MaxAbsDifference(expected[row], actual[row]));
        Assert.InRange(max, 0, 1e-5f);
    }

    [Fact]
    public void Merge_Twice_AddsNothingAndChangesNothing()
    {
        var merged = TestPaths.NewTempFolder();
        using var store = EmbeddingStore.Open(merged);
        var first = store.Merge(Shards);
        var before = Dump(store);

        var second = store.Merge(Shards);

        Assert.Equal((0L, first.Added, 0f), (second.Added, second.AlreadyPresent, second.LargestDifference));
        Assert.Equal(before, Dump(store));
    }

    [Fact]
    public void Merge_CorruptedCopy_ThrowsNamingBothStoresAndTheKey_AndWritesNothing()
    {
        var target = data.Copy(data.Unsharded, "target");
        var corrupted = data.Copy(data.Shard(2), "corrupted");
        var hash = ChangeOneVector(corrupted, vector => vector[5] += 0.25f);
        using var store = EmbeddingStore.Open(target);
        var before = Dump(store);

        var exception = Assert.Throws<EmbeddingStoreConflictException>(() => store.Merge([data.Shard(1), corrupted]));

        Assert.Equal((corrupted, store.FilePath), (exception.SourceStore, exception.OtherStore));
        Assert.Equal(hash, exception.Key.SequenceHash);
        Assert.Contains(corrupted, exception.Message, StringComparison.Ordinal);
        Assert.Contains(store.FilePath, exception.Message, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(hash), exception.Message, StringComparison.Ordinal);
        Assert.Contains("value 5", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, Dump(store));
    }

    [Fact]
    public void Merge_ConflictBetweenTwoSources_NamesTheSourceThatBroughtTheKey()
    {
        var corrupted = data.Copy(data.Shard(3), "corrupted");
        ChangeOneVector(corrupted, vector => vector[0] = -vector[0] - 1);
        var target = TestPaths.NewTempFolder();
        using var store = EmbeddingStore.Open(target);

        var exception = Assert.Throws<EmbeddingStoreConflictException>(() => store.Merge([data.Shard(3), corrupted]));

        Assert.StartsWith(data.Shard(3), exception.OtherStore, StringComparison.Ordinal);
        Assert.Equal(0, store.Count());
    }

    [Fact]
    public void Merge_KeepExisting_CountsTheConflictAndKeepsTheTargetVector()
    {
        var target = data.Copy(data.Shard(1), "target");
        var corrupted = data.Copy(data.Shard(1), "corrupted");
        var hash = ChangeOneVector(corrupted, vector => vector[63] *= 2);
        using var store = EmbeddingStore.Open(target);
        var key = new EmbeddingKey(data.Model.Identity, 2, "mean/truncate1022", hash);
        var original = store.TryGet(key);

        var summary = store.Merge([corrupted, data.Shard(2)], new EmbeddingMergeOptions { KeepExistingOnConflict = true });

        Assert.Equal((1L, data.Summaries[0].Computed - 1L, (long)data.Summaries[1].Computed), (summary.Conflicts, summary.AlreadyPresent, summary.Added));
        Assert.Equal(original, store.TryGet(key));
    }

    [Fact]
    public void Merge_DifferenceWithinTolerance_IsAlreadyPresent_ButAConflictAtToleranceZero()
    {
        var target = data.Copy(data.Shard(1), "target");
        var rounded = data.Copy(data.Shard(1), "rounded");
        ChangeOneVector(rounded, vector => vector[10] += 2e-6f);
        using var store = EmbeddingStore.Open(target);

        var summary = store.Merge([rounded]);

        Assert.Equal((0L, (long)data.Summaries[0].Computed, 0L), (summary.Added, summary.AlreadyPresent, summary.Conflicts));
        Assert.InRange(summary.LargestDifference, 1e-6f, 3e-6f);
        Assert.Throws<EmbeddingStoreConflictException>(() => store.Merge([rounded], new EmbeddingMergeOptions { Tolerance = 0 }));
    }

    [Fact]
    public void Merge_ResidueCountDiffers_IsAConflict()
    {
        var other = data.Copy(data.Shard(2), "residues");
        Execute(other, "UPDATE embeddings SET residues = residues + 1 WHERE sequence_hash = (SELECT MIN(sequence_hash) FROM embeddings)");
        var target = data.Copy(data.Shard(2), "target");
        using var store = EmbeddingStore.Open(target);

        var exception = Assert.Throws<EmbeddingStoreConflictException>(() => store.Merge([other]));

        Assert.Contains("residues", exception.Difference, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_AnotherLayer_IsItsOwnGroup()
    {
        var layer1 = TestPaths.NewTempFolder();
        using (var store = EmbeddingStore.Open(layer1))
        {
            var options = new ProteinEmbeddingOptions { Layers = [1], Shard = new EmbeddingShard(1, 3) };
            new ProteinEmbedder(data.Model, store, options).Embed(data.Proteins);
        }

        using var target = EmbeddingStore.Open(TestPaths.NewTempFolder());
        var summary = target.Merge([data.Shard(1), layer1]);

        Assert.Equal([1, 2], summary.Groups.Select(group => group.Layer).Order());
        Assert.All(summary.Groups, group => Assert.Equal(data.Summaries[0].Computed, group.Added));
    }

    [Fact]
    public void Merge_MissingSourceOrItself_ThrowsAndWritesNothing()
    {
        var target = TestPaths.NewTempFolder();
        using var store = EmbeddingStore.Open(target);

        var missing = Assert.Throws<FileNotFoundException>(() => store.Merge([data.Shard(1), Path.Combine(target, "nowhere")]));
        var itself = Assert.Throws<ArgumentException>(() => store.Merge([data.Shard(1), target]));

        Assert.Contains("nowhere", missing.Message, StringComparison.Ordinal);
        Assert.Contains(target, itself.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.Count());
    }

    [Fact]
    public void Shard_InterruptedAfterABatch_ResumesWithNothingLostOrDuplicated()
    {
        var folder = TestPaths.NewTempFolder();
        var options = new ProteinEmbeddingOptions { Shard = new EmbeddingShard(2, 3), MaxTokens = 1000 };
        using var cancellation = new CancellationTokenSource();
        using (var store = EmbeddingStore.Open(folder))
        {
            var embedder = new ProteinEmbedder(data.Model, store, options);
            Assert.Throws<OperationCanceledException>(() => embedder.Embed(data.Proteins, new CancelAfterFirstBatch(cancellation), cancellation.Token));
        }

        long committed;
        using (var store = EmbeddingStore.Open(folder))
        {
            committed = store.Count();
        }

        EmbeddingRunSummary resumed;
        using (var store = EmbeddingStore.Open(folder))
        {
            resumed = new ProteinEmbedder(data.Model, store, options).Embed(data.Proteins);
        }

        var expected = data.Summaries[1].Computed;
        Assert.InRange(committed, 1, expected - 1);
        Assert.Equal(((int)committed, expected - (int)committed), (resumed.Reused, resumed.Computed));
        Assert.Equal(HashesIn(data.Shard(2)), HashesIn(folder));
    }

    [Fact]
    public void OpenExisting_AnotherSqliteDatabaseOrFile_IsRejectedAndLeftUnchanged()
    {
        var folder = TestPaths.NewTempFolder();
        var database = Path.Combine(folder, "other.sqlite");
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE genes (id TEXT)";
            command.ExecuteNonQuery();
        }

        var text = Path.Combine(folder, "notes.txt");
        File.WriteAllText(text, "not a database, but long enough to have a header of one hundred bytes or so: ............................");
        var before = File.ReadAllBytes(database);

        var notStore = Assert.Throws<PllmML.Data.DataFormatException>(() => EmbeddingStore.OpenExisting(database));
        var notDatabase = Assert.Throws<IOException>(() => EmbeddingStore.OpenExisting(text));

        Assert.Contains("not a PllmML embedding store", notStore.Message, StringComparison.Ordinal);
        Assert.Contains(text, notDatabase.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(database));
    }

    /// <summary>Cancels as soon as the first batch is committed (progress is reported synchronously after each).</summary>
    private sealed class CancelAfterFirstBatch(CancellationTokenSource cancellation) : IProgress<EmbeddingProgress>
    {
        public void Report(EmbeddingProgress value)
        {
            if (value.ResiduesComputed > 0)
            {
                cancellation.Cancel();
            }
        }
    }

    private static HashSet<string> HashesIn(string folder)
    {
        using var store = EmbeddingStore.OpenExisting(folder);
        return store.Entries().Select(entry => Convert.ToHexString(entry.Key.SequenceHash)).ToHashSet();
    }

    private static List<string> Dump(EmbeddingStore store) =>
        store.Entries().Select(entry => $"{entry.Key.Model}|{entry.Key.Layer}|{entry.Key.Pooling}|{Convert.ToHexString(entry.Key.SequenceHash)}|"
            + $"{entry.Residues}|{Convert.ToHexString(MemoryMarshal.AsBytes(entry.Vector.AsSpan()))}").ToList();

    private static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var max = 0f;
        for (var j = 0; j < a.Length; j++)
        {
            max = Math.Max(max, Math.Abs(a[j] - b[j]));
        }

        return max;
    }

    /// <summary>Changes the vector of the store's first key in place; returns that key's sequence hash.</summary>
    private static byte[] ChangeOneVector(string folder, Action<float[]> change)
    {
        StoredEmbedding first;
        using (var store = EmbeddingStore.OpenExisting(folder))
        {
            first = store.Entries().First();
        }

        change(first.Vector);
        using var connection = Connect(folder);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE embeddings SET vector = $vector WHERE sequence_hash = $hash";
        command.Parameters.AddWithValue("$vector", MemoryMarshal.AsBytes(first.Vector.AsSpan()).ToArray());
        command.Parameters.AddWithValue("$hash", first.Key.SequenceHash);
        Assert.Equal(1, command.ExecuteNonQuery());
        return first.Key.SequenceHash;
    }

    private static void Execute(string folder, string sql)
    {
        using var connection = Connect(folder);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private static SqliteConnection Connect(string folder)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, EmbeddingStore.FileName), Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
