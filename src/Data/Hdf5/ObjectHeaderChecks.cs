using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace PllmML.Data.Hdf5;

/// <summary>
/// Verifies a version-2 object header (<c>OHDR</c>) and every continuation block (<c>OCHK</c>) it names against the
/// lookup3 checksum libhdf5 and PureHDF write after each of them, and bounds each link message's name length by the
/// bytes its message holds. PureHDF 2.2 reads neither checksum and allocates a link name's declared length (up to
/// 2 GiB) before it reads it, so a damaged length in a small file used to commit gigabytes before the read failed.
/// </summary>
/// <remarks>
/// Layout (HDF5 file format specification, version 2 object header): signature, version 2, flags, four 4-byte times
/// when flag bit 5 is set, two 2-byte attribute phase-change values when bit 4 is set, the size of chunk 0 in
/// 1, 2, 4 or 8 bytes (flag bits 0–1), the messages (type 1 byte, size 2, flags 1, creation order 2 when flag bit 2
/// is set), a gap, and the checksum of every byte before it. A continuation block is <c>OCHK</c>, messages, gap and
/// checksum, its length given by the continuation message (type 0x10: address, length) that names it.
/// </remarks>
internal static class ObjectHeaderChecks
{
    private const int ContinuationMessage = 0x10;

    private const int LinkMessage = 0x06;

    private const int SharedMessageFlag = 0x02;

    private static ReadOnlySpan<byte> ContinuationSignature => "OCHK"u8;

    /// <summary>Whether the bytes at an <c>OHDR</c> signature look like a version-2 object header (version 2, reserved
    /// flag bits clear); a chance match of these 5 bytes in other data is not checked.</summary>
    /// <param name="start">The bytes from the signature on (at least 6).</param>
    /// <returns>True for a version-2 object header.</returns>
    public static bool IsHeader(ReadOnlySpan<byte> start) => start.Length >= 6 && start[4] == 2 && (start[5] & 0xC0) == 0;

    /// <summary>Verifies the object header at <paramref name="offset"/> and its continuation blocks.</summary>
    /// <param name="path">The file, for the error.</param>
    /// <param name="handle">The open file.</param>
    /// <param name="length">The file's length.</param>
    /// <param name="offset">The header's byte offset (its signature).</param>
    /// <param name="offsets">The superblock's size of offsets.</param>
    /// <param name="lengths">The superblock's size of lengths.</param>
    /// <param name="baseAddress">The superblock's base address, to which continuation addresses are relative.</param>
    /// <exception cref="DataFormatException">A checksum does not match, a block runs past the file's end, or a link
    /// name is longer than its message; the message names the block's byte offset.</exception>
    public static void Verify(string path, SafeFileHandle handle, long length, long offset, int offsets, int lengths, long baseAddress)
    {
        var location = string.Create(CultureInfo.InvariantCulture, $"object header at byte {offset}");
        var prefix = new byte[6 + 16 + 4 + 8];
        var available = HeapBounds.Read(handle, prefix, offset, length);
        var flags = prefix[5];
        var sizeAt = 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
        var sizeWidth = 1 << (flags & 0x03);
        if (sizeAt + sizeWidth > available)
        {
            throw new DataFormatException(path, location, "the header is cut off by the end of the file");
        }

        var chunkSize = ReadUnsigned(prefix.AsSpan(sizeAt, sizeWidth));
        var messagesAt = sizeAt + sizeWidth;
        var left = (ulong)(length - offset - messagesAt);
        if (chunkSize > left || left - chunkSize < 4)
        {
            throw new DataFormatException(path, location, string.Create(CultureInfo.InvariantCulture,
                $"chunk 0 claims {chunkSize} bytes, but only {left} (with its 4-byte checksum) follow in the file (damaged size field)"));
        }

        var block = new byte[messagesAt + (int)chunkSize + 4];
        HeapBounds.Read(handle, block, offset, length);
        Check(path, location, block);
        var creationOrder = (flags & 0x04) != 0;
        var pending = new Queue<(long At, ulong Length)>();
        Messages(path, location, block.AsSpan(messagesAt, (int)chunkSize), creationOrder, offsets, lengths, pending);
        var visited = new HashSet<long>();
        var total = 0L;
        while (pending.TryDequeue(out var continuation))
        {
            if (!visited.Add(continuation.At))
            {
                continue; // Named twice (a loop): its messages are queued already.
            }

            var at = baseAddress + continuation.At;
            var where = string.Create(CultureInfo.InvariantCulture, $"object header continuation block at byte {at} (of the {location})");
            if (continuation.At < 0 || at > length || continuation.Length < 8 || continuation.Length > (ulong)(length - at))
            {
                throw new DataFormatException(path, where, string.Create(CultureInfo.InvariantCulture,
                    $"its {continuation.Length} bytes do not lie inside the file's {length} (damaged continuation message)"));
            }

            total += (long)continuation.Length;
            if (total > length)
            {
                throw new DataFormatException(path, where, string.Create(CultureInfo.InvariantCulture,
                    $"the header's continuation blocks claim {total} bytes, more than the file's {length}"));
            }

            var continued = new byte[(int)continuation.Length];
            HeapBounds.Read(handle, continued, at, length);
            if (!continued.AsSpan().StartsWith(ContinuationSignature))
            {
                throw new DataFormatException(path, where, "it does not start with the signature OCHK (damaged block)");
            }

            Check(path, where, continued);
            Messages(path, where, continued.AsSpan(4, continued.Length - 8), creationOrder, offsets, lengths, pending);
        }
    }

    /// <summary>Compares a block's trailing checksum with the lookup3 hash of the bytes before it.</summary>
    private static void Check(string path, string location, ReadOnlySpan<byte> block)
    {
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(block[^4..]);
        var computed = Lookup3.Hash(block[..^4]);
        if (stored != computed)
        {
            throw new DataFormatException(path, location, string.Create(CultureInfo.InvariantCulture,
                $"its checksum 0x{stored:x8} does not match its {block.Length - 4} bytes (0x{computed:x8}): the header is damaged"));
        }
    }

    /// <summary>Walks one chunk's messages: queues continuation blocks and bounds link names by their message.</summary>
    private static void Messages(string path, string location, ReadOnlySpan<byte> chunk, bool creationOrder, int offsets, int lengths, Queue<(long At, ulong Length)> pending)
    {
        var headerSize = creationOrder ? 6 : 4;
        var at = 0;
        while (chunk.Length - at >= headerSize)
        {
            var type = chunk[at];
            var size = BinaryPrimitives.ReadUInt16LittleEndian(chunk[(at + 1)..]);
            var messageFlags = chunk[at + 3];
            var dataAt = at + headerSize;
            if (size > chunk.Length - dataAt)
            {
                throw new DataFormatException(path, location, string.Create(CultureInfo.InvariantCulture,
                    $"message {type} at byte {at} of the chunk claims {size} bytes, but only {chunk.Length - dataAt} are left in the chunk"));
            }

            var data = chunk.Slice(dataAt, size);
            if (type == ContinuationMessage && data.Length >= offsets + lengths)
            {
                var address = ReadUnsigned(data[..offsets]);
                var blockLength = ReadUnsigned(data.Slice(offsets, lengths));
                if (address < long.MaxValue)
                {
                    pending.Enqueue(((long)address, blockLength));
                }
                else
                {
                    throw new DataFormatException(path, location, "a continuation message names an address beyond any file");
                }
            }
            else if (type == LinkMessage && (messageFlags & SharedMessageFlag) == 0)
            {
                CheckLinkName(path, location, data);
            }

            at = dataAt + size;
        }
    }

    /// <summary>A link message: version 1, flags, optional link type, creation order and character set, then the
    /// name's length (1, 2, 4 or 8 bytes, flag bits 0–1) and the name, which must fit in the message.</summary>
    /// <param name="path">The file, for the error.</param>
    /// <param name="location">The object header, for the error.</param>
    /// <param name="data">The link message's bytes.</param>
    /// <exception cref="DataFormatException">The name is longer than the message.</exception>
    internal static void CheckLinkName(string path, string location, ReadOnlySpan<byte> data)
    {
        if (data.Length < 2)
        {
            return; // PureHDF's own small reads fail.
        }

        var flags = data[1];
        var lengthAt = 2 + ((flags & 0x08) != 0 ? 1 : 0) + ((flags & 0x04) != 0 ? 8 : 0) + ((flags & 0x10) != 0 ? 1 : 0);
        var width = 1 << (flags & 0x03);
        var name = lengthAt + width <= data.Length ? ReadUnsigned(data.Slice(lengthAt, width)) : ulong.MaxValue;
        if (name > (ulong)(data.Length - Math.Min(data.Length, lengthAt + width)))
        {
            throw new DataFormatException(path, location, string.Create(CultureInfo.InvariantCulture,
                $"a link message of {data.Length} bytes claims a longer name ({(name == ulong.MaxValue ? "its length field is cut off" : name + " bytes")})"));
        }
    }

    private static ulong ReadUnsigned(ReadOnlySpan<byte> field) => HeapBounds.ReadLength(field, field.Length);
}
