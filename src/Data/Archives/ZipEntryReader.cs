using System.IO.Compression;
using System.IO.Hashing;

namespace PllmML.Data.Archives;

/// <summary>
/// Reads zip entries (torch checkpoints, ML.NET model zips) without trusting them: the declared size is bounded by
/// what the compressed bytes can expand to before anything is allocated, and the bytes read must match the declared
/// size and the entry's CRC-32. <see cref="ZipArchive"/> itself checks neither, so a flipped bit in a stored entry
/// would otherwise be read as a changed value.
/// </summary>
public static class ZipEntryReader
{
    /// <summary>Deflate expands at most 1032-fold; stored entries not at all.</summary>
    private const long MaxExpansion = 1032;

    /// <summary>Reads one entry whole, checking its size and CRC-32.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="filePath">The archive's file, for the error message.</param>
    /// <exception cref="DataFormatException">The entry is damaged: sizes out of bounds, a short read, or a CRC-32 mismatch.</exception>
    public static byte[] ReadVerified(ZipArchiveEntry entry, string filePath)
    {
        ArgumentNullException.ThrowIfNull(entry);
        CheckDeclaredSize(entry, filePath);
        var bytes = new byte[entry.Length];
        var crc = new Crc32();
        long read;
        try
        {
            using var stream = entry.Open();
            read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read == bytes.Length && stream.ReadByte() >= 0)
            {
                read++;
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or NotSupportedException)
        {
            throw Damaged(entry, filePath, exception.Message, exception);
        }

        crc.Append(bytes.AsSpan(0, (int)Math.Min(read, bytes.Length)));
        Check(entry, filePath, read, crc.GetCurrentHashAsUInt32());
        return bytes;
    }

    /// <summary>Reads every entry of an archive through, checking sizes and CRC-32s (nothing is kept).</summary>
    /// <param name="archive">The archive.</param>
    /// <param name="filePath">The archive's file, for the error message.</param>
    /// <exception cref="DataFormatException">An entry is damaged; the message names it.</exception>
    public static void VerifyAll(ZipArchive archive, string filePath)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var buffer = new byte[1 << 16];
        IReadOnlyCollection<ZipArchiveEntry> entries;
        try
        {
            entries = archive.Entries;
        }
        catch (InvalidDataException exception)
        {
            // The central directory is read on first use of Entries.
            throw new DataFormatException(filePath, "zip central directory", "is damaged: " + exception.Message, exception);
        }

        foreach (var entry in entries)
        {
            CheckDeclaredSize(entry, filePath);
            var crc = new Crc32();
            long read = 0;
            try
            {
                using var stream = entry.Open();
                int count;
                while ((count = stream.Read(buffer)) > 0)
                {
                    crc.Append(buffer.AsSpan(0, count));
                    read += count;
                    if (read > entry.Length)
                    {
                        break;
                    }
                }
            }
            catch (Exception exception) when (exception is InvalidDataException or IOException or NotSupportedException)
            {
                throw Damaged(entry, filePath, exception.Message, exception);
            }

            Check(entry, filePath, read, crc.GetCurrentHashAsUInt32());
        }
    }

    /// <summary>Opens a zip archive, turning a missing or damaged central directory into a typed error.</summary>
    /// <param name="filePath">The file.</param>
    /// <param name="what">What the file should be, for the message (<c>model zip</c>).</param>
    /// <exception cref="DataFormatException">The file is not a readable zip archive.</exception>
    public static ZipArchive Open(string filePath, string what)
    {
        try
        {
            return ZipFile.OpenRead(filePath);
        }
        catch (InvalidDataException exception)
        {
            throw new DataFormatException(filePath, "zip archive",
                $"is not a {what}, or it is truncated (no readable central directory): {exception.Message}", exception);
        }
    }

    private static void CheckDeclaredSize(ZipArchiveEntry entry, string filePath)
    {
        var fileLength = new FileInfo(filePath).Length;
        if (entry.CompressedLength < 0 || entry.CompressedLength > fileLength || entry.Length < 0
            || entry.Length > Math.Min(Array.MaxLength, entry.CompressedLength * MaxExpansion + 1024))
        {
            throw Damaged(entry, filePath,
                $"declares {entry.Length} bytes from {entry.CompressedLength} compressed bytes in a file of {fileLength} bytes");
        }
    }

    private static void Check(ZipArchiveEntry entry, string filePath, long read, uint crc)
    {
        if (read != entry.Length)
        {
            throw Damaged(entry, filePath, $"holds {(read > entry.Length ? "more than " : string.Empty)}{read} bytes, its header declares {entry.Length}");
        }

        if (crc != entry.Crc32)
        {
            throw Damaged(entry, filePath, $"fails its CRC-32 check (stored {entry.Crc32:x8}, computed {crc:x8})");
        }
    }

    private static DataFormatException Damaged(ZipArchiveEntry entry, string filePath, string problem, Exception? inner = null) =>
        new(filePath, $"zip entry {entry.FullName}", "is damaged: " + problem, inner);
}
