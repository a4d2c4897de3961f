using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PllmML.Data;

namespace PllmML.Esm.Embedding;

/// <summary>
/// A persistent cache of protein embeddings in one SQLite database (<c>embeddings.sqlite</c> in a folder), keyed by
/// <see cref="EmbeddingKey"/>. Each batch is written in one transaction (write-ahead log), so a killed job loses at
/// most the batch in flight and never leaves a half-written row; a rerun computes only what is missing, and a second
/// proteome reuses every sequence already embedded by the same model, layer and pooling.
/// </summary>
public sealed partial class EmbeddingStore : IDisposable
{
    /// <summary>The database file name inside the store folder.</summary>
    public const string FileName = "embeddings.sqlite";

    private static readonly string[] ParameterNames = ["$model", "$layer", "$pooling", "$hash", "$residues", "$dimension", "$vector"];
    private readonly SqliteConnection _connection;

    private EmbeddingStore(string path, SqliteConnection connection)
    {
        FilePath = path;
        _connection = connection;
    }

    /// <summary>The database file (or <c>:memory:</c>).</summary>
    public string FilePath { get; }

    /// <summary>Opens (creating if needed) the store in a folder.</summary>
    /// <param name="folder">The folder; created when missing.</param>
    public static EmbeddingStore Open(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        return Create(path, new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
    }

    /// <summary>Whether a store exists at a path (a store folder, or its <c>embeddings.sqlite</c> file).</summary>
    /// <param name="path">The path.</param>
    public static bool Exists(string path) =>
        path is not null && (File.Exists(path) || File.Exists(Path.Combine(path, FileName)));

    /// <summary>Opens a store that must already exist (for reading another machine's results).</summary>
    /// <param name="path">The store folder, or its <c>embeddings.sqlite</c> file.</param>
    /// <exception cref="FileNotFoundException">There is no store there.</exception>
    /// <exception cref="DataFormatException">The file is an SQLite database without an embeddings table (it is not
    /// changed).</exception>
    /// <exception cref="IOException">The file is not an SQLite database.</exception>
    public static EmbeddingStore OpenExisting(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = File.Exists(path) ? path : Path.Combine(path, FileName);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"{path}: no embedding store here (expected {file}); did that run start?", file);
        }

        return Create(file, new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString(), mustHoldStore: true);
    }

    /// <summary>A store that lives in memory only (for runs without <c>--store</c>).</summary>
    public static EmbeddingStore InMemory() => Create(":memory:", "Data Source=:memory:");

    /// <summary>The number of stored embeddings.</summary>
    public long Count()
    {
        return Guarded(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM embeddings";
            return (long)command.ExecuteScalar()!;
        });
    }

    /// <summary>Which of the given sequence hashes are already stored for a model, layer and pooling.</summary>
    /// <param name="model">The model identity.</param>
    /// <param name="layer">The layer.</param>
    /// <param name="pooling">The pooling descriptor.</param>
    /// <returns>The stored hashes, as hex strings.</returns>
    public HashSet<string> StoredHashes(string model, int layer, string pooling)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT sequence_hash FROM embeddings WHERE model = $model AND layer = $layer AND pooling = $pooling";
        command.Parameters.AddWithValue("$model", model);
        command.Parameters.AddWithValue("$layer", layer);
        command.Parameters.AddWithValue("$pooling", pooling);
        return Guarded(() =>
        {
            var hashes = new HashSet<string>(StringComparer.Ordinal);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                hashes.Add(Convert.ToHexString(Blob(reader, 0, hashes.Count, "sequence_hash")));
            }

            return hashes;
        });
    }

    /// <summary>Writes a batch of embeddings in one transaction; keys already present are left as they are.</summary>
    /// <param name="items">Keys, residue counts and vectors.</param>
    /// <exception cref="DataFormatException">SQLite cannot write to the store file (it is damaged).</exception>
    public void Put(IEnumerable<(EmbeddingKey Key, int Residues, float[] Vector)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Guarded(() =>
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT OR IGNORE INTO embeddings (model, layer, pooling, sequence_hash, residues, dimension, vector) "
                + "VALUES ($model, $layer, $pooling, $hash, $residues, $dimension, $vector)";
            var parameters = ParameterNames.Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
            foreach (var (key, residues, vector) in items)
            {
                parameters[0].Value = key.Model;
                parameters[1].Value = key.Layer;
                parameters[2].Value = key.Pooling;
                parameters[3].Value = key.SequenceHash;
                parameters[4].Value = residues;
                parameters[5].Value = vector.Length;
                parameters[6].Value = MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
                command.ExecuteNonQuery();
            }

            transaction.Commit();
            return true;
        });
    }

    /// <summary>Reads one embedding.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The vector, or null when not stored.</returns>
    /// <exception cref="DataFormatException">The row is damaged: its vector is not a blob of its <c>dimension</c>
    /// finite floats, or SQLite cannot read the store.</exception>
    public float[]? TryGet(EmbeddingKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT dimension, vector FROM embeddings WHERE model = $model AND layer = $layer AND pooling = $pooling AND sequence_hash = $hash";
        command.Parameters.AddWithValue("$model", key.Model);
        command.Parameters.AddWithValue("$layer", key.Layer);
        command.Parameters.AddWithValue("$pooling", key.Pooling);
        command.Parameters.AddWithValue("$hash", key.SequenceHash);
        return Guarded(() =>
        {
            using var reader = command.ExecuteReader();
            return reader.Read() ? Vector(reader, 1, -1, Integer(reader, 0, -1, "dimension")) : null;
        });
    }

    /// <summary>Every stored embedding, in key order (model, layer, pooling, sequence hash).</summary>
    public IEnumerable<StoredEmbedding> Entries()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT model, layer, pooling, sequence_hash, residues, dimension, vector FROM embeddings "
            + "ORDER BY model, layer, pooling, sequence_hash";
        using var reader = Guarded(command.ExecuteReader);
        for (var row = 0L; ; row++)
        {
            var entry = Guarded(() => reader.Read() ? ReadEntry(reader, row) : null);
            if (entry is null)
            {
                yield break;
            }

            yield return entry;
        }
    }

    /// <summary>What SQLite's full integrity check finds wrong with the store (e.g. rows out of key order, which make
    /// lookups miss rows a scan sees), or null when nothing: for explaining a row the store should hold but does not
    /// return. Reads the whole database.</summary>
    internal string? FindDamage() => Guarded(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check(1)";
        return command.ExecuteScalar() is string result && result != "ok" ? result : null;
    });

    /// <summary>Closes the database.</summary>
    public void Dispose() => _connection.Dispose();

    /// <summary>A stored row as written by <see cref="Put"/>: every column of its type, a 32-byte hash, a vector of
    /// <c>dimension</c> finite floats. A store merged from another machine is not trusted further than that.</summary>
    private StoredEmbedding ReadEntry(SqliteDataReader reader, long row)
    {
        var key = new EmbeddingKey(Text(reader, 0, row, "model"), Integer(reader, 1, row, "layer"), Text(reader, 2, row, "pooling"),
            Blob(reader, 3, row, "sequence_hash"));
        if (key.SequenceHash.Length != 32)
        {
            throw Corrupt(row, $"sequence_hash has {key.SequenceHash.Length} bytes, not the 32 of a SHA-256");
        }

        var residues = Integer(reader, 4, row, "residues");
        if (residues < 1)
        {
            throw Corrupt(row, $"residues is {residues}");
        }

        return new StoredEmbedding(key, residues, Vector(reader, 6, row, Integer(reader, 5, row, "dimension")));
    }

    /// <summary>A row's vector: a blob of exactly <paramref name="dimension"/> finite floats (what <see cref="Put"/>
    /// wrote); a row of another length is damaged, never padded or cut to fit.</summary>
    private float[] Vector(SqliteDataReader reader, int ordinal, long row, int dimension)
    {
        if (dimension < 1)
        {
            throw Corrupt(row, $"dimension is {dimension}");
        }

        var bytes = Blob(reader, ordinal, row, "vector");
        if (bytes.Length != (long)dimension * sizeof(float))
        {
            throw Corrupt(row, $"the vector has {bytes.Length} bytes, not the {dimension} floats of its dimension");
        }

        var vector = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        var bad = Array.FindIndex(vector, value => !float.IsFinite(value));
        return bad < 0 ? vector : throw Corrupt(row, $"vector value {bad} is {vector[bad]}");
    }

    private string Text(SqliteDataReader reader, int ordinal, long row, string column) =>
        !reader.IsDBNull(ordinal) && reader.GetFieldType(ordinal) == typeof(string) ? reader.GetString(ordinal) : throw Corrupt(row, $"{column} is not text");

    private int Integer(SqliteDataReader reader, int ordinal, long row, string column) =>
        !reader.IsDBNull(ordinal) && reader.GetFieldType(ordinal) == typeof(long) && reader.GetInt64(ordinal) is >= int.MinValue and <= int.MaxValue
            ? reader.GetInt32(ordinal)
            : throw Corrupt(row, $"{column} is not a 32-bit integer");

    private byte[] Blob(SqliteDataReader reader, int ordinal, long row, string column) =>
        !reader.IsDBNull(ordinal) && reader.GetFieldType(ordinal) == typeof(byte[]) ? (byte[])reader[ordinal] : throw Corrupt(row, $"{column} is not a blob");

    private DataFormatException Corrupt(long row, string problem) =>
        new(FilePath, row >= 0 ? $"embeddings row {row + 1}" : "embeddings", problem + " (the store is damaged; re-run the shard that wrote it)");

    /// <summary>Runs a query; SQLite's own corruption errors become a typed error naming the file.</summary>
    private T Guarded<T>(Func<T> query)
    {
        try
        {
            return query();
        }
        catch (SqliteException exception)
        {
            throw new DataFormatException(FilePath, "embeddings", $"SQLite cannot use the store ({exception.Message}); it is damaged", exception);
        }
    }

    private static EmbeddingStore Create(string path, string connectionString, bool mustHoldStore = false)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            if (mustHoldStore)
            {
                command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'embeddings'";
                if ((long)command.ExecuteScalar()! == 0)
                {
                    throw new DataFormatException(path, string.Empty, "not a PllmML embedding store (the database has no embeddings table).");
                }
            }

            command.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                CREATE TABLE IF NOT EXISTS embeddings (
                    model TEXT NOT NULL,
                    layer INTEGER NOT NULL,
                    pooling TEXT NOT NULL,
                    sequence_hash BLOB NOT NULL,
                    residues INTEGER NOT NULL,
                    dimension INTEGER NOT NULL,
                    vector BLOB NOT NULL,
                    PRIMARY KEY (model, layer, pooling, sequence_hash)) WITHOUT ROWID;
                """;
            command.ExecuteNonQuery();
            return new EmbeddingStore(path, connection);
        }
        catch (DataFormatException)
        {
            connection.Dispose();
            throw;
        }
        catch (SqliteException exception)
        {
            connection.Dispose();
            throw new IOException($"{path}: cannot open the embedding store ({exception.Message}).", exception);
        }
    }
}
