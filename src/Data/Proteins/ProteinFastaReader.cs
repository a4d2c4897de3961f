using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using PllmML.Data.Text;

namespace PllmML.Data.Proteins;

/// <summary>
/// Reads a protein FASTA file (plain or gzip, detected by its magic bytes) one record at a time, so that a whole
/// proteome is never held in memory. Headers are parsed as Ensembl <c>pep.all</c>, UniProt or plain headers (see
/// <see cref="ProteinHeaderFormat"/>); sequences may wrap over any number of lines; blank lines are skipped.
/// Sequences are cleaned by a <see cref="ProteinCleaningPolicy"/> whose changes and drops are counted in
/// <see cref="Report"/>. An empty file holds no records and is not an error.
/// </summary>
/// <example>
/// <code>
/// using var reader = new ProteinFastaReader("Homo_sapiens.GRCh38.pep.all.fa.gz");
/// foreach (var protein in reader.ReadRecords()) { … }
/// Console.WriteLine(reader.Report);
/// </code>
/// </example>
public sealed class ProteinFastaReader : IDisposable
{
    private static readonly SearchValues<char> Whitespace = SearchValues.Create(" \t\r\v\f");
    private readonly LineReader _lines;
    private readonly ProteinSequenceCleaner _cleaner;
    private readonly StringBuilder _sequence = new();
    private ProteinRecord? _nextHeader;
    private bool _started;

    /// <summary>Opens the file.</summary>
    /// <param name="path">A FASTA file, optionally gzip-compressed.</param>
    /// <param name="policy">The cleaning policy; <see cref="ProteinCleaningPolicy.Standard"/> when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public ProteinFastaReader(string path, ProteinCleaningPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        _lines = TextInput.OpenLines(path);
        _cleaner = new ProteinSequenceCleaner(path, policy ?? ProteinCleaningPolicy.Standard);
    }

    /// <summary>The file being read.</summary>
    public string FilePath => _lines.FilePath;

    /// <summary>What the cleaning policy has changed and dropped so far; complete once all is read.</summary>
    public ProteinCleaningReport Report => _cleaner.Report;

    /// <summary>Reads the file in one streaming pass and summarises the records the policy keeps.</summary>
    /// <param name="path">A FASTA file, optionally gzip-compressed.</param>
    /// <param name="policy">The cleaning policy; <see cref="ProteinCleaningPolicy.Standard"/> when null.</param>
    /// <returns>The summary, with the cleaning report.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not valid FASTA, or the policy makes a record an
    /// error.</exception>
    public static ProteinFastaSummary Summarize(string path, ProteinCleaningPolicy? policy = null)
    {
        using var reader = new ProteinFastaReader(path, policy);
        var summary = new ProteinFastaSummaryBuilder();
        foreach (var record in reader.ReadRecords())
        {
            summary.Add(record);
        }

        return summary.Build(reader.FilePath, reader.Report);
    }

    /// <summary>Reads the next record that the policy keeps.</summary>
    /// <param name="record">The record.</param>
    /// <returns>False at the end of the file.</returns>
    /// <exception cref="DataFormatException">
    /// Sequence data before the first header, an empty header (<c>&gt;</c> alone), text that is not UTF-8, a truncated
    /// or corrupt gzip file, or a record that the policy makes an error; the message names the file and the line.
    /// </exception>
    public bool TryRead([NotNullWhen(true)] out ProteinRecord? record)
    {
        while (TryReadRaw(out var raw))
        {
            record = _cleaner.Clean(raw);
            if (record is not null)
            {
                return true;
            }
        }

        record = null;
        return false;
    }

    /// <summary>Reads the remaining records lazily, one at a time.</summary>
    /// <returns>The records that the policy keeps, in file order.</returns>
    /// <exception cref="DataFormatException">As for <see cref="TryRead"/>, raised while enumerating.</exception>
    public IEnumerable<ProteinRecord> ReadRecords()
    {
        while (TryRead(out var record))
        {
            yield return record;
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _lines.Dispose();

    private bool TryReadRaw([NotNullWhen(true)] out ProteinRecord? raw)
    {
        if (!_started)
        {
            _started = true;
            _nextHeader = ReadFirstHeader();
        }

        raw = _nextHeader;
        if (raw is null)
        {
            return false;
        }

        _nextHeader = null;
        _sequence.Clear();
        while (_nextHeader is null && _lines.TryReadLine(out var line))
        {
            if (line.StartsWith('>'))
            {
                _nextHeader = ParseHeader(line);
            }
            else
            {
                AppendResidues(line);
            }
        }

        raw = raw.WithSequence(_sequence.ToString());
        return true;
    }

    private ProteinRecord? ReadFirstHeader()
    {
        while (_lines.TryReadLine(out var line))
        {
            if (line.StartsWith('>'))
            {
                return ParseHeader(line);
            }

            if (!line.AsSpan().IsWhiteSpace())
            {
                throw _lines.Error("holds sequence data before the first '>' header line (is this a FASTA file?)");
            }
        }

        return null;
    }

    private ProteinRecord ParseHeader(string line)
    {
        if (line.AsSpan(1).IsWhiteSpace())
        {
            throw _lines.Error("is an empty header: '>' must be followed by a protein id");
        }

        return ProteinHeaderParser.Parse(line[1..], _lines.LineNumber);
    }

    private void AppendResidues(string line)
    {
        if (!line.AsSpan().ContainsAny(Whitespace))
        {
            _sequence.Append(line);
            return;
        }

        foreach (var residue in line)
        {
            if (!Whitespace.Contains(residue))
            {
                _sequence.Append(residue);
            }
        }
    }
}
