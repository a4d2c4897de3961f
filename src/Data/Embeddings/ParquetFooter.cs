using System.Buffers.Binary;

namespace PllmML.Data.Embeddings;

/// <summary>
/// Checks a Parquet file's footer before Parquet.Net parses it: the magic bytes, the footer length, the Thrift
/// compact-protocol structure of <c>FileMetaData</c> (every length and count bounded by the bytes left, known types,
/// bounded nesting) and that every column chunk lies inside the data region.
/// </summary>
/// <remarks>
/// Parquet.Net 6.1 never returns on some damaged footers (a list count larger than the footer, an unknown field
/// type) and on chunks that point past the data: found by fuzzing, kept in tests/Fuzz/Reproducers/embeddings-parquet.
/// A footer that passes here is structurally sound, so the library's own parser only meets well-formed Thrift.
/// Field ids are those of parquet-format's parquet.thrift: FileMetaData.row_groups = 4, RowGroup.columns = 1,
/// ColumnChunk.meta_data = 3, ColumnMetaData.total_compressed_size = 7, data_page_offset = 9,
/// dictionary_page_offset = 11.
/// </remarks>
internal static class ParquetFooter
{
    private const int MaximumDepth = 64;
    private const int MaximumFooterBytes = 256 << 20;
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private enum ThriftType : byte
    {
        Stop = 0,
        True = 1,
        False = 2,
        Byte = 3,
        Int16 = 4,
        Int32 = 5,
        Int64 = 6,
        Double = 7,
        Binary = 8,
        List = 9,
        Set = 10,
        Map = 11,
        Struct = 12,
    }

    /// <summary>Checks the file's footer.</summary>
    /// <param name="path">The Parquet file.</param>
    /// <exception cref="DataFormatException">The footer is damaged or a column chunk lies outside the file.</exception>
    public static void Check(string path)
    {
        using var stream = File.OpenRead(path);
        var length = stream.Length;
        if (length < 12)
        {
            throw new DataFormatException(path, "file", $"has {length} bytes; a Parquet file has at least 12 (magic, footer length, magic)");
        }

        Span<byte> head = stackalloc byte[4];
        stream.ReadExactly(head);
        Span<byte> tail = stackalloc byte[8];
        stream.Position = length - 8;
        stream.ReadExactly(tail);
        if (!head.SequenceEqual(Magic) || !tail[4..].SequenceEqual(Magic))
        {
            throw new DataFormatException(path, "file", "is not Parquet: it does not start and end with the magic bytes PAR1");
        }

        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > length - 12 || footerLength > MaximumFooterBytes)
        {
            throw new DataFormatException(path, $"byte {length - 8} (footer length)", $"is {footerLength}; the file has room for at most {length - 12}");
        }

        var footerStart = length - 8 - footerLength;
        var footer = new byte[footerLength];
        stream.Position = footerStart;
        stream.ReadExactly(footer);
        var walker = new Walker(footer, path, footerStart);
        walker.FileMetaData();
    }

    private sealed class Walker(byte[] footer, string path, long footerStart)
    {
        private int _position;

        public void FileMetaData() => Struct(0, (id, type, depth) =>
        {
            if (id == 4 && type == ThriftType.List)
            {
                List(depth, (element, d) => Expect(element, ThriftType.Struct, "row group", () => Struct(d, RowGroupField)));
                return true;
            }

            return false;
        });

        private bool RowGroupField(short id, ThriftType type, int depth)
        {
            if (id == 1 && type == ThriftType.List)
            {
                List(depth, (element, d) => Expect(element, ThriftType.Struct, "column chunk", () => Struct(d, ColumnChunkField)));
                return true;
            }

            return false;
        }

        private bool ColumnChunkField(short id, ThriftType type, int depth)
        {
            if (id != 3 || type != ThriftType.Struct)
            {
                return false;
            }

            var offset = _position;
            long? compressed = null, dataPage = null, dictionaryPage = null;
            Struct(depth, (field, fieldType, _) =>
            {
                if (fieldType != ThriftType.Int64 || field is not (7 or 9 or 11))
                {
                    return false;
                }

                var value = ZigZag(Varint());
                switch (field)
                {
                    case 7: compressed = value; break;
                    case 9: dataPage = value; break;
                    default: dictionaryPage = value; break;
                }

                return true;
            });
            // As parquet-cpp: the chunk starts at its dictionary page when one is set before the data pages (some
            // writers store 0 for "none").
            var start = dataPage ?? -1;
            if (dictionaryPage is > 0 && dictionaryPage < start)
            {
                start = dictionaryPage.Value;
            }

            if (compressed is null || dataPage is null || start < 4 || compressed < 0 || start > footerStart - compressed)
            {
                throw Damaged(offset, $"column chunk at byte {start} with {compressed} compressed bytes lies outside the data region (bytes 4–{footerStart})");
            }

            return true;
        }

        private void Struct(int depth, Func<short, ThriftType, int, bool> field)
        {
            CheckDepth(depth);
            short id = 0;
            while (true)
            {
                var header = Byte();
                var type = (ThriftType)(header & 0x0F);
                if (type == ThriftType.Stop)
                {
                    if (header != 0)
                    {
                        throw Damaged(_position - 1, $"field header 0x{header:x2} has type 0 (stop) with a field delta");
                    }

                    return;
                }

                id = (header >> 4) is var delta and > 0 ? (short)(id + delta) : (short)ZigZag(Varint());
                if (!field(id, type, depth + 1))
                {
                    Skip(type, depth + 1, inCollection: false);
                }
            }
        }

        private void List(int depth, Action<ThriftType, int> element)
        {
            CheckDepth(depth);
            var header = Byte();
            var type = (ThriftType)(header & 0x0F);
            long count = header >> 4;
            if (count == 15)
            {
                count = Varint();
            }

            // Every element takes at least one byte: a count beyond the bytes left is a damaged count.
            if (count > footer.Length - _position)
            {
                throw Damaged(_position, $"list of {count} elements in {footer.Length - _position} remaining bytes");
            }

            for (var i = 0; i < count; i++)
            {
                element(type, depth + 1);
            }
        }

        private void Skip(ThriftType type, int depth, bool inCollection)
        {
            CheckDepth(depth);
            switch (type)
            {
                case ThriftType.True or ThriftType.False:
                    if (inCollection)
                    {
                        Byte();
                    }

                    break;
                case ThriftType.Byte:
                    Byte();
                    break;
                case ThriftType.Int16 or ThriftType.Int32 or ThriftType.Int64:
                    Varint();
                    break;
                case ThriftType.Double:
                    Advance(8);
                    break;
                case ThriftType.Binary:
                    Advance(Varint());
                    break;
                case ThriftType.List or ThriftType.Set:
                    List(depth, (element, d) => Skip(element, d, inCollection: true));
                    break;
                case ThriftType.Map:
                    var entries = Varint();
                    if (entries > 0)
                    {
                        var kinds = Byte();
                        if (entries > (footer.Length - _position) / 2)
                        {
                            throw Damaged(_position, $"map of {entries} entries in {footer.Length - _position} remaining bytes");
                        }

                        for (var i = 0L; i < entries; i++)
                        {
                            Skip((ThriftType)(kinds >> 4), depth + 1, inCollection: true);
                            Skip((ThriftType)(kinds & 0x0F), depth + 1, inCollection: true);
                        }
                    }

                    break;
                case ThriftType.Struct:
                    Struct(depth, (_, _, _) => false);
                    break;
                default:
                    throw Damaged(_position - 1, $"unknown Thrift type {(int)type}");
            }
        }

        private void Expect(ThriftType actual, ThriftType expected, string what, Action read)
        {
            if (actual != expected)
            {
                throw Damaged(_position, $"{what} has Thrift type {(int)actual}, not a struct");
            }

            read();
        }

        private void CheckDepth(int depth)
        {
            if (depth > MaximumDepth)
            {
                throw Damaged(_position, $"nesting deeper than {MaximumDepth}");
            }
        }

        private byte Byte()
        {
            if (_position >= footer.Length)
            {
                throw Damaged(_position, "ends inside a value");
            }

            return footer[_position++];
        }

        private void Advance(long bytes)
        {
            if (bytes < 0 || bytes > footer.Length - _position)
            {
                throw Damaged(_position, $"value of {bytes} bytes in {footer.Length - _position} remaining bytes");
            }

            _position += (int)bytes;
        }

        private long Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 70; shift += 7)
            {
                var b = Byte();
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return (long)value;
                }
            }

            throw Damaged(_position, "varint longer than 10 bytes");
        }

        private static long ZigZag(long value) => (long)((ulong)value >> 1) ^ -(value & 1);

        private DataFormatException Damaged(int offset, string problem) =>
            new(path, $"footer byte {footerStart + offset}", "is a damaged Parquet footer: " + problem);
    }
}
