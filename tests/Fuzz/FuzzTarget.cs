using PllmML.Data;

namespace PllmML.Fuzz.Tests;

/// <summary>
/// One format under fuzzing: its seed files, the reader call (returning a digest of everything read, so an accepted
/// input can be compared with the seed's reference), and which mutations it must detect.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The name used in reports, reproducer folders and <c>FUZZ_TARGET</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The file extension the reader expects (<c>.h5ad</c>, <c>.tsv</c>).</summary>
    public abstract string Extension { get; }

    /// <summary>Whether every byte of the file is covered by a checksum (zip CRC-32), so that a raw corruption read as
    /// other content is a silent misread.</summary>
    public virtual bool ChecksumsEverything => false;

    /// <summary>
    /// An open finding the root fix of which is outside this repository, or null. Such a target runs only its fixed
    /// seed in CI (which passes, so CI stays deterministic); the rotating seed and the campaign still run it in full.
    /// </summary>
    public virtual string? OpenIssue => null;

    /// <summary>Whether the text mutators fit (line-oriented formats).</summary>
    public virtual bool IsText => false;

    /// <summary>The per-input timeout.</summary>
    public virtual TimeSpan Timeout => TimeSpan.FromSeconds(10);

    /// <summary>The default number of inputs per seed in CI (half from the fixed seed, half from the rotating one).</summary>
    public virtual int DefaultInputs => 300;

    /// <summary>Builds the seed files (once per process).</summary>
    public abstract IReadOnlyList<byte[]> Seeds();

    /// <summary>Reads a file with the public reader and digests what was read.</summary>
    /// <param name="path">The file.</param>
    public abstract string Read(string path);

    /// <summary>A structured mutation that keeps the file's checksums valid (a re-zipped entry), or null.</summary>
    /// <param name="seed">The seed file.</param>
    /// <param name="random">The input's random source.</param>
    public virtual byte[]? MutateStructured(byte[] seed, Random random) => null;

    /// <summary>Whether an exception is a typed error naming the file.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="path">The file that was read.</param>
    public virtual bool IsTyped(Exception exception, string path)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var named = exception.Message.Contains(path, StringComparison.Ordinal);
        return named && exception is DataFormatException or IOException;
    }
}
