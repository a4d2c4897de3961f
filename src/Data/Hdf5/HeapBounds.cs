using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace PllmML.Data.Hdf5;

/// <summary>
/// Bounds what PureHDF allocates for heap data by the file's size: global-heap objects (variable-length strings) and
/// local-heap data segments (the link names of libhdf5's symbol-table groups). PureHDF 2.2 reads either by allocating
/// its declared size (<c>new byte[(int)size]</c>, up to 2 GiB) before reading it, so one damaged size field makes a
/// 100 KB file commit gigabytes before the read fails; no stream wrapper can intercept an allocation made before the
/// first read. This walks every global heap collection the way PureHDF's decoder does, and reads every local heap's
/// data segment size, before PureHDF sees the file; a size larger than the file holds is refused. The same pass checks
/// a version 2 or 3 superblock and every version-2 object header with its continuation blocks against their lookup3
/// checksums (<see cref="ObjectHeaderChecks"/>), which covers the link-name lengths PureHDF would allocate. Last, it
/// walks every object header reachable from the root group, version 1 (libhdf5's, with no checksum) and version 2, and
/// bounds each message PureHDF decodes on opening an object by the bytes of that message (<see cref="ObjectHeaderWalk"/>):
/// an attribute's value, a fill value, compact data.
/// </summary>
/// <remarks>
/// Heaps are found by their 8-byte start (<c>GCOL</c>, version 1, three zero bytes; <c>HEAP</c>, version 0, three
/// zero bytes): met by chance in other data with probability 2⁻⁶⁴ per byte, and even then only a size beyond the
/// file's end refuses it. A file of 2 GiB or more is not scanned: PureHDF's <c>int</c> cast already bounds each such
/// allocation by 2 GiB, which is then no more than the file's size. Object headers are found the same way (<c>OHDR</c>,
/// version 2, reserved flag bits clear).
/// </remarks>
internal static class HeapBounds
{
    private static ReadOnlySpan<byte> CollectionStart => "GCOL\u0001\0\0\0"u8;

    private static ReadOnlySpan<byte> LocalHeapStart => "HEAP\0\0\0\0"u8;

    private static ReadOnlySpan<byte> ObjectHeaderStart => "OHDR"u8;

    private static ReadOnlySpan<byte> SuperblockSignature => [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];

    /// <summary>Checks every global heap collection, local heap and version-2 object header of a file, then every object
    /// header reachable from its root group.</summary>
    /// <param name="path">The HDF5 file.</param>
    /// <exception cref="DataFormatException">A heap object or data segment claims more bytes than the file holds, a
    /// superblock, object header or continuation block does not match its checksum, or an object header's message
    /// claims more bytes than it holds; the message names the block's byte offset.</exception>
    public static void Check(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        if (length >= int.MaxValue || Superblock(path, handle, length) is not { } superblock)
        {
            return; // Not an HDF5 superblock PureHDF reads: it refuses the file itself.
        }

        // Chunks overlapping by a pattern's length less one, so a heap start across a boundary is found once.
        var chunk = new byte[Math.Max(CollectionStart.Length, Math.Min(1 << 20, length))];
        for (long offset = 0; offset < length; offset += chunk.Length - (CollectionStart.Length - 1))
        {
            var read = Read(handle, chunk, offset, length);
            var window = chunk.AsSpan(0, read);
            foreach (var at in Occurrences(window, CollectionStart))
            {
                Walk(path, handle, length, offset + at, superblock.Lengths);
            }

            foreach (var at in Occurrences(window, LocalHeapStart))
            {
                CheckLocalHeap(path, handle, length, offset + at, superblock.Lengths);
            }

            foreach (var at in Occurrences(window, ObjectHeaderStart))
            {
                if (ObjectHeaderChecks.IsHeader(window[at..]))
                {
                    ObjectHeaderChecks.Verify(path, handle, length, offset + at, superblock.Offsets, superblock.Lengths, superblock.Base);
                }
            }

            if (offset + read >= length)
            {
                break;
            }
        }

        ObjectHeaderWalk.Run(path, handle, length, superblock);
    }

    /// <summary>Where a pattern starts in a window.</summary>
    private static List<int> Occurrences(ReadOnlySpan<byte> window, ReadOnlySpan<byte> pattern)
    {
        var found = new List<int>();
        for (var from = 0; from < window.Length;)
        {
            var next = window[from..].IndexOf(pattern);
            if (next < 0)
            {
                break;
            }

            found.Add(from + next);
            from += next + 1;
        }

        return found;
    }

    /// <summary>The superblock (at byte 0, 512, 1024, … as HDF5 allows): its size of offsets, size of lengths, base
    /// address and root group, or null where PureHDF would not read it. A superblock of version 2 or 3 must match its
    /// checksum.</summary>
    private static SuperblockInfo? Superblock(string path, SafeFileHandle handle, long length)
    {
        // Version 0 or 1: up to 28 bytes of fields, 4 addresses, then the root symbol table entry (link name offset,
        // object header address, cache type, reserved, 16-byte scratch pad); version 2 or 3: 12 bytes, 4 addresses and
        // a checksum.
        var block = new byte[28 + (4 * 8) + (2 * 8) + 4 + 4 + 16];
        for (long at = 0; at + 16 <= length; at = at == 0 ? 512 : at * 2)
        {
            var read = Read(handle, block, at, length);
            if (!block.AsSpan().StartsWith(SuperblockSignature))
            {
                continue;
            }

            var version = block[8];
            var (offsets, lengths, baseAt) = version switch
            {
                0 => (block[13], block[14], 24),
                1 => (block[13], block[14], 28),
                2 or 3 => (block[9], block[10], 12),
                _ => (0, 0, 0),
            };
            if (offsets is not (1 or 2 or 4 or 8) || lengths is not (1 or 2 or 4 or 8) || baseAt + offsets > read)
            {
                return null;
            }

            if (version >= 2)
            {
                var size = 12 + (4 * offsets) + 4;
                if (size <= read && BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(size - 4)) != Lookup3.Hash(block.AsSpan(0, size - 4)))
                {
                    throw new DataFormatException(path, string.Create(CultureInfo.InvariantCulture, $"superblock at byte {at}"),
                        "its checksum does not match its bytes (damaged superblock)");
                }
            }

            var baseAddress = ReadLength(block.AsSpan(baseAt), offsets);
            var undefined = offsets == 8 ? ulong.MaxValue : (1UL << (8 * offsets)) - 1;
            var (root, rootTree) = (undefined, undefined);
            var entry = baseAt + (4 * offsets);
            if (version >= 2)
            {
                root = ReadLength(block.AsSpan(baseAt + (3 * offsets)), offsets);
            }
            else if (entry + (2 * offsets) + 8 + offsets <= read)
            {
                root = ReadLength(block.AsSpan(entry + offsets), offsets);
                if (BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(entry + (2 * offsets))) == 1)
                {
                    rootTree = ReadLength(block.AsSpan(entry + (2 * offsets) + 8), offsets);
                }
            }

            return new SuperblockInfo(offsets, lengths, baseAddress < (ulong)length ? (long)baseAddress : at, root, rootTree);
        }

        return null;
    }

    /// <summary>Walks one collection as PureHDF's <c>GlobalHeapCollection.Decode</c> does: objects until the declared
    /// collection size is used up (wrapping as its unsigned arithmetic does) or a free-space object (index 0).</summary>
    private static void Walk(string path, SafeFileHandle handle, long length, long offset, int lengths)
    {
        var field = new byte[8 + 8];
        var at = offset + 8;
        if (at + lengths > length)
        {
            return;
        }

        Read(handle, field.AsSpan(0, lengths), at, length);
        var remaining = ReadLength(field, lengths);
        at += lengths;
        var header = 8UL + (ulong)lengths;
        while (remaining > header)
        {
            // An object: index (2), reference count (2), reserved (4), size, data padded to 8 bytes. A header cut off by
            // the file's end only fails PureHDF's small reads.
            if (at + 8 + lengths > length)
            {
                return;
            }

            Read(handle, field.AsSpan(0, 8 + lengths), at, length);
            var index = BinaryPrimitives.ReadUInt16LittleEndian(field);
            if (index == 0)
            {
                return;
            }

            var size = ReadLength(field.AsSpan(8), lengths);
            var dataStart = at + 8 + lengths;
            var left = (ulong)(length - dataStart);
            if (size > left)
            {
                throw new DataFormatException(
                    path,
                    string.Create(CultureInfo.InvariantCulture, $"global heap collection at byte {offset}"),
                    string.Create(CultureInfo.InvariantCulture,
                        $"heap object {index} (at byte {at}) claims {size} bytes, but only {left} follow it in the file (damaged size field)"));
            }

            var padded = (size + 7) / 8 * 8;
            at = dataStart + (long)padded;
            remaining -= header + padded;
        }
    }

    /// <summary>A local heap (the link names of a libhdf5 symbol-table group): PureHDF allocates its data segment's
    /// declared size when it first reads a name, so that size must not exceed the file's.</summary>
    private static void CheckLocalHeap(string path, SafeFileHandle handle, long length, long offset, int lengths)
    {
        var field = new byte[8];
        if (offset + 8 + lengths > length)
        {
            return;
        }

        Read(handle, field.AsSpan(0, lengths), offset + 8, length);
        var size = ReadLength(field, lengths);
        if (size > (ulong)length)
        {
            throw new DataFormatException(
                path,
                string.Create(CultureInfo.InvariantCulture, $"local heap at byte {offset}"),
                string.Create(CultureInfo.InvariantCulture,
                    $"its data segment claims {size} bytes, more than the file's {length} (damaged size field)"));
        }
    }

    /// <summary>Reads up to <paramref name="buffer"/>'s length at an offset; returns the bytes read (fewer at the end).</summary>
    internal static int Read(SafeFileHandle handle, Span<byte> buffer, long offset, long length)
    {
        var wanted = (int)Math.Min(buffer.Length, length - offset);
        var total = 0;
        while (total < wanted)
        {
            var read = RandomAccess.Read(handle, buffer[total..wanted], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>An unsigned little-endian field of 1, 2, 4 or 8 bytes.</summary>
    internal static ulong ReadLength(ReadOnlySpan<byte> field, int lengths)
    {
        return lengths switch
        {
            1 => field[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(field),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(field),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(field),
        };
    }
}
