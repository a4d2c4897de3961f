using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace PllmML.Data.Text;

/// <summary>
/// Reads a text file line by line, counting lines so that every error names the line it is about.
/// </summary>
internal sealed class LineReader : IDisposable
{
    private const char ReplacementCharacter = '\uFFFD';
    private readonly StreamReader _reader;

    public LineReader(string path, Stream stream)
    {
        FilePath = path;
        // Invalid bytes decode to U+FFFD and are caught per line, so the error names the line they are on (a throwing
        // decoder fails a whole 64 KiB block ahead of the line being read).
        _reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), true, 1 << 16);
    }

    /// <summary>The file being read.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based number of the line returned last; 0 before the first.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes of (decompressed) input consumed so far, for progress reports.</summary>
    public long Position => _reader.BaseStream.CanSeek ? _reader.BaseStream.Position : 0;

    /// <summary>Reads the next line without its line ending; a trailing carriage return is removed.</summary>
    /// <param name="line">The line.</param>
    /// <returns>False at the end of the file.</returns>
    public bool TryReadLine([NotNullWhen(true)] out string? line)
    {
        line = ReadDecodedLine();
        if (line is null)
        {
            return false;
        }

        LineNumber++;
        var invalid = line.IndexOf(ReplacementCharacter, StringComparison.Ordinal);
        return invalid < 0 ? true : throw Error($"is not valid UTF-8 text (bad bytes at column {invalid + 1})");
    }

    // A gzip failure below (truncated or corrupt data) is re-thrown at the line where the data broke off.
    private string? ReadDecodedLine()
    {
        try
        {
            return _reader.ReadLine();
        }
        catch (DataFormatException error) when (!error.Location.StartsWith("line", StringComparison.Ordinal))
        {
            throw new DataFormatException(
                error.FilePath, $"line {LineNumber + 1}", $"{error.Problem} ({error.Location})", error);
        }
    }

    /// <summary>An error about the line returned last.</summary>
    /// <param name="problem">What is wrong, and what was expected.</param>
    public DataFormatException Error(string problem) =>
        new(FilePath, LineNumber == 0 ? "start of file" : $"line {LineNumber}", problem);

    public void Dispose() => _reader.Dispose();
}
