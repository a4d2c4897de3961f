using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PllmML.Data;

namespace PllmML.Esm.Embedding;

/// <summary>Merging stores computed on other machines (<c>pllm embed merge</c>).</summary>
public sealed partial class EmbeddingStore
{
    /// <summary>
    /// Copies every embedding of the <paramref name="sources"/> into this store, in one transaction: keys new here are
    /// added; keys already here must agree (same dimension and residue count, values within
    /// <see cref="EmbeddingMergeOptions.Tolerance"/>) and are left as they are. Merging the same stores again adds
    /// nothing and changes nothing.
    /// </summary>
    /// <param name="sources">The source stores (folders, or their <c>embeddings.sqlite</c> files); each must exist.</param>
    /// <param name="options">The tolerance and the conflict rule; defaults when null.</param>
    /// <param name="progress">Receives progress every 10,000 rows and after each store; may be null.</param>
    /// <param name="cancellation">Stops the merge; nothing is written then.</param>
    /// <returns>What was added, found present, or in conflict, overall and per model, layer and pooling.</returns>
    /// <exception cref="EmbeddingStoreConflictException">A key holds different vectors in two stores (the message
    /// names both and the key); nothing is written.</exception>
    /// <exception cref="FileNotFoundException">A source store does not exist.</exception>
    /// <exception cref="ArgumentException">A source is this store itself.</exception>
    /// <exception cref="DataFormatException">A source or this store is damaged (a row that is not what
    /// <see cref="Put"/> writes, or a file SQLite cannot use); the message names the file.</exception>
    public EmbeddingMergeSummary Merge(
        IReadOnlyList<string> sources, EmbeddingMergeOptions? options = null, IProgress<EmbeddingMergeProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        options ??= new EmbeddingMergeOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Tolerance);
        var clock = Stopwatch.StartNew();
        var total = sources.Sum(CountRows);
        using var transaction = Guarded(() => _connection.BeginTransaction());
        using var run = new MergeRun(this, transaction, options);
        for (var index = 0; index < sources.Count; index++)
        {
            using var source = OpenExisting(sources[index]);
            if (string.Equals(Path.GetFullPath(source.FilePath), Path.GetFullPath(FilePath), StringComparison.Ordinal))
            {
                throw new ArgumentException($"{sources[index]}: this is the store being merged into; name it only in --into.", nameof(sources));
            }

            foreach (var entry in source.Entries())
            {
                cancellation.ThrowIfCancellationRequested();
                if (Guarded(() => run.Add(entry)) is { } difference)
                {
                    throw new EmbeddingStoreConflictException(sources[index], Origin(entry.Key, sources.Take(index)), entry.Key, difference);
                }

                if (run.RowsRead % 10_000 == 0)
                {
                    progress?.Report(new EmbeddingMergeProgress(sources[index], index, sources.Count, run.RowsRead, total, clock.Elapsed));
                }
            }

            progress?.Report(new EmbeddingMergeProgress(sources[index], index + 1, sources.Count, run.RowsRead, total, clock.Elapsed));
        }

        Guarded(() =>
        {
            transaction.Commit();
            return true;
        });
        return run.Summary(sources.Count, clock.Elapsed);
    }

    private static long CountRows(string source)
    {
        using var store = OpenExisting(source);
        return store.Count();
    }

    /// <summary>Which store brought a key into this one: an earlier source of this merge, or this store itself.</summary>
    private string Origin(EmbeddingKey key, IEnumerable<string> earlierSources)
    {
        foreach (var source in earlierSources)
        {
            using var store = OpenExisting(source);
            if (store.TryGet(key) is not null)
            {
                return $"{source} (merged into {FilePath} earlier in this merge)";
            }
        }

        return FilePath;
    }

    /// <summary>How two vectors under one key differ, or null when they agree within the tolerance.</summary>
    private static string? Disagreement((int Residues, float[] Vector) present, StoredEmbedding incoming, float tolerance, ref float largest)
    {
        if (present.Vector.Length != incoming.Vector.Length)
        {
            return string.Create(CultureInfo.InvariantCulture, $"dimension {incoming.Vector.Length} here, {present.Vector.Length} there");
        }

        if (present.Residues != incoming.Residues)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{incoming.Residues} residues here, {present.Residues} there");
        }

        var difference = 0f;
        for (var j = 0; j < present.Vector.Length; j++)
        {
            var d = Math.Abs(present.Vector[j] - incoming.Vector[j]);
            if (!(d <= tolerance))
            {
                return string.Create(CultureInfo.InvariantCulture, $"value {j} is {incoming.Vector[j]:R} here, {present.Vector[j]:R} there (tolerance {tolerance:R})");
            }

            difference = Math.Max(difference, d);
        }

        largest = Math.Max(largest, difference);
        return null;
    }

    /// <summary>One merge's prepared statements and counts.</summary>
    private sealed class MergeRun : IDisposable
    {
        private readonly SortedDictionary<(string Model, int Layer, string Pooling), long[]> _groups = [];
        private readonly EmbeddingStore _store;
        private readonly EmbeddingMergeOptions _options;
        private readonly SqliteCommand _lookup;
        private readonly SqliteCommand _insert;
        private float _largest;

        public MergeRun(EmbeddingStore store, SqliteTransaction transaction, EmbeddingMergeOptions options)
        {
            var connection = store._connection;
            _store = store;
            _options = options;
            _lookup = Prepare(connection, transaction,
                "SELECT residues, dimension, vector FROM embeddings WHERE model = $model AND layer = $layer AND pooling = $pooling AND sequence_hash = $hash",
                ParameterNames[..4]);
            _insert = Prepare(connection, transaction, "INSERT INTO embeddings (model, layer, pooling, sequence_hash, residues, dimension, vector) "
                + "VALUES ($model, $layer, $pooling, $hash, $residues, $dimension, $vector)", ParameterNames);
        }

        public long RowsRead { get; private set; }

        /// <summary>Adds one row; returns the disagreement when it conflicts and conflicts stop the merge.</summary>
        public string? Add(StoredEmbedding entry)
        {
            RowsRead++;
            var group = Group(entry.Key);
            if (Lookup(entry.Key) is not { } present)
            {
                Bind(_insert, entry.Key);
                _insert.Parameters["$residues"].Value = entry.Residues;
                _insert.Parameters["$dimension"].Value = entry.Vector.Length;
                _insert.Parameters["$vector"].Value = MemoryMarshal.AsBytes(entry.Vector.AsSpan()).ToArray();
                _insert.ExecuteNonQuery();
                group[0]++;
                return null;
            }

            if (Disagreement(present, entry, _options.Tolerance, ref _largest) is not { } difference)
            {
                group[1]++;
                return null;
            }

            group[2]++;
            return _options.KeepExistingOnConflict ? null : difference;
        }

        public EmbeddingMergeSummary Summary(int stores, TimeSpan elapsed)
        {
            var groups = _groups.Select(pair => new EmbeddingGroupCount(pair.Key.Model, pair.Key.Layer, pair.Key.Pooling, pair.Value[0], pair.Value[1], pair.Value[2])).ToList();
            return new EmbeddingMergeSummary(
                stores, RowsRead, groups.Sum(g => g.Added), groups.Sum(g => g.AlreadyPresent), groups.Sum(g => g.Conflicts), _largest, groups, elapsed);
        }

        public void Dispose()
        {
            _lookup.Dispose();
            _insert.Dispose();
        }

        private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, string[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            return command;
        }

        private static void Bind(SqliteCommand command, EmbeddingKey key)
        {
            command.Parameters["$model"].Value = key.Model;
            command.Parameters["$layer"].Value = key.Layer;
            command.Parameters["$pooling"].Value = key.Pooling;
            command.Parameters["$hash"].Value = key.SequenceHash;
        }

        private (int Residues, float[] Vector)? Lookup(EmbeddingKey key)
        {
            Bind(_lookup, key);
            using var reader = _lookup.ExecuteReader();
            // The store merged into is checked like a source: a damaged row is an error naming it, not a cast failure.
            return reader.Read()
                ? (_store.Integer(reader, 0, -1, "residues"), _store.Vector(reader, 2, -1, _store.Integer(reader, 1, -1, "dimension")))
                : null;
        }

        private long[] Group(EmbeddingKey key)
        {
            var name = (key.Model, key.Layer, key.Pooling);
            if (!_groups.TryGetValue(name, out var counts))
            {
                counts = new long[3];
                _groups[name] = counts;
            }

            return counts;
        }
    }
}
