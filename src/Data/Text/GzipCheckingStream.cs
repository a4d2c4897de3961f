using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace PllmML.Data.Text;

/// <summary>
/// Decompresses a gzip file and, at its end, checks the decompressed bytes against the file's CRC-32 and size
/// trailer. .NET's <see cref="GZipStream"/> returns a clean end of stream for a file cut short, so without this
/// check a truncated download would be read as a shorter, valid file: silent data loss.
/// </summary>
internal sealed class GzipCheckingStream : Stream
{
    private const int TrailerLength = 8;
    private readonly string _path;
    private readonly FileStream _file;
    private readonly GZipStream _gzip;
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _checked;

    public GzipCheckingStream(string path, FileStream file)
    {
        _path = path;
        _file = file;
        _gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _gzip.Read(buffer);
        }
        catch (InvalidDataException exception)
        {
            throw new DataFormatException(_path, $"decompressed byte {_length}", "the gzip data is corrupt", exception);
        }

        if (read > 0)
        {
            _crc.Append(buffer[..read]);
            _length += read;
        }
        else if (buffer.Length > 0)
        {
            CheckTrailer();
        }

        return read;
    }

    private void CheckTrailer()
    {
        if (_checked)
        {
            return;
        }

        _checked = true;
        Span<byte> trailer = stackalloc byte[TrailerLength];
        var fileLength = _file.Length;
        if (fileLength < 18)
        {
            throw Truncated($"the file has only {fileLength} bytes, less than an empty gzip member");
        }

        _file.Seek(fileLength - TrailerLength, SeekOrigin.Begin);
        _file.ReadExactly(trailer);
        var expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        var expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        if (expectedCrc != _crc.GetCurrentHashAsUInt32() || expectedSize != (uint)_length)
        {
            throw Truncated(
                $"after {_length:N0} decompressed bytes the gzip trailer (CRC-32 and size) does not match: the file "
                + "is truncated or corrupt (a multi-member bgzip file must be decompressed with gunzip first)");
        }
    }

    private DataFormatException Truncated(string problem) => new(_path, "end of gzip data", problem);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
