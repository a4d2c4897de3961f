using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PllmML.Pipeline.Stages;

/// <summary>
/// The small file that records which inputs and parameters a finished <c>pllm run</c> stage was computed from
/// (<c>.stamps/&lt;stage&gt;.json</c> in the output folder): a stage is reused when its fingerprint is unchanged and
/// its outputs are still there.
/// </summary>
internal sealed class StageStamp
{
    /// <summary>Files above this size are fingerprinted by path, size and time of change instead of content.</summary>
    private const long ContentHashLimit = 256L << 20;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public StageStamp(string stage) => Add("stage", stage);

    /// <summary>Adds a named parameter (any JSON-serialisable value).</summary>
    public StageStamp Add(string name, object? value)
    {
        _hash.AppendData(Encoding.UTF8.GetBytes($"{name}={JsonSerializer.Serialize(value)}\n"));
        return this;
    }

    /// <summary>Adds a file's content (or every file of a folder, in name order).</summary>
    public StageStamp AddFile(string path)
    {
        if (Directory.Exists(path))
        {
            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                AddFile(file);
            }

            return this;
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }

        _hash.AppendData(Encoding.UTF8.GetBytes($"file {Path.GetFileName(path)} {info.Length}\n"));
        if (info.Length > ContentHashLimit)
        {
            _hash.AppendData(Encoding.UTF8.GetBytes($"{info.FullName} {info.LastWriteTimeUtc.Ticks}\n"));
            return this;
        }

        using var stream = File.OpenRead(path);
        _hash.AppendData(SHA256.HashData(stream));
        return this;
    }

    /// <summary>Adds files' contents in order.</summary>
    public StageStamp AddFiles(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            AddFile(path);
        }

        return this;
    }

    /// <summary>The fingerprint of everything added.</summary>
    public string Fingerprint() => Convert.ToHexStringLower(_hash.GetCurrentHash());

    /// <summary>The key figure recorded when the stage last finished with this fingerprint, or null.</summary>
    public static string? Reusable(string stampPath, string fingerprint, IEnumerable<string> outputs)
    {
        if (!File.Exists(stampPath) || !outputs.All(output => File.Exists(output) || Directory.Exists(output)))
        {
            return null;
        }

        try
        {
            var record = JsonSerializer.Deserialize<Record>(File.ReadAllText(stampPath));
            return record is not null && record.Fingerprint == fingerprint ? record.Figure : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Records a finished stage and how many seconds it ran.</summary>
    public static void Write(string stampPath, string fingerprint, string figure, double? seconds = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(stampPath)!);
        File.WriteAllText(stampPath, JsonSerializer.Serialize(new Record(fingerprint, figure, DateTimeOffset.UtcNow, seconds)));
    }

    /// <summary>
    /// Puts a finished stage's output files on disk (fsync) before its stamp says they are done: after a crash or a power
    /// loss a stamped stage is reused, so its outputs must be whole; and the cost of writing them is the stage's own (a
    /// 14 GB <c>integrated.h5ad</c> otherwise drains to disk during the next stage, slowing it).
    /// </summary>
    /// <param name="outputs">The stage's outputs; folders, missing paths and files the system will not sync are skipped.</param>
    public static void Persist(IEnumerable<string> outputs)
    {
        foreach (var path in outputs.Where(File.Exists))
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
                stream.Flush(flushToDisk: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A file system that refuses the sync (or a file made read-only meanwhile) keeps the file as written.
            }
        }
    }

    /// <summary>The seconds a finished stage ran when it last ran (a reused stage keeps them); null when not recorded.</summary>
    public static double? Seconds(string stampPath)
    {
        try
        {
            return File.Exists(stampPath) ? JsonSerializer.Deserialize<Record>(File.ReadAllText(stampPath))?.Seconds : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Forgets a stage (before it runs, so a killed run never leaves a stale stamp).</summary>
    public static void Clear(string stampPath)
    {
        if (File.Exists(stampPath))
        {
            File.Delete(stampPath);
        }
    }

    private sealed record Record(string Fingerprint, string Figure, DateTimeOffset Finished, double? Seconds = null);
}
