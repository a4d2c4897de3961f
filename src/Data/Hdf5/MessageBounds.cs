using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace PllmML.Data.Hdf5;

/// <summary>
/// Bounds what PureHDF allocates while it decodes one object header message by the bytes that message holds. PureHDF
/// 2.2 decodes every message of an object header as soon as it opens the object, and several of its decoders allocate
/// a size read from the file before they read (and fail): an attribute's value (its datatype's size times its
/// dataspace's elements), a fill value, a version 1 or 2 layout's compact data, an enumeration's values. In a valid
/// file each of these lies inside its message, so a size that needs more bytes than the message has left is refused
/// here, naming the file, the object header and the message's byte offset.
/// </summary>
/// <remarks>
/// The decoding follows PureHDF's own (which follows the HDF5 file format specification), field by field, so that
/// the sizes checked are the ones PureHDF would allocate: the attribute's name is read up to its null terminator, a
/// version 1 attribute pads the name, datatype and dataspace to 8 bytes, and a datatype or dataspace that PureHDF would
/// refuse before allocating (an unknown class or version) ends the check without an error. A field that runs past the
/// end of its message is an error: PureHDF would read the next message's bytes as this one's.
/// </remarks>
internal static class MessageBounds
{
    /// <summary>The dataspace message's type.</summary>
    public const int DataspaceType = 0x01;

    /// <summary>The datatype message's type.</summary>
    public const int DatatypeType = 0x03;

    /// <summary>The old fill value message's type.</summary>
    public const int OldFillValueType = 0x04;

    /// <summary>The fill value message's type.</summary>
    public const int FillValueType = 0x05;

    /// <summary>The link message's type.</summary>
    public const int LinkType = 0x06;

    /// <summary>The data layout message's type.</summary>
    public const int LayoutType = 0x08;

    /// <summary>The filter pipeline message's type.</summary>
    public const int FilterPipelineType = 0x0B;

    /// <summary>The attribute message's type.</summary>
    public const int AttributeType = 0x0C;

    /// <summary>HDF5's largest dataspace rank (libhdf5's <c>H5S_MAX_RANK</c>).</summary>
    private const int MaxRank = 32;

    /// <summary>How deeply datatypes may nest (compound members, array and variable-length bases, enumeration bases).</summary>
    private const int MaxNesting = 32;

    /// <summary>Checks an attribute message (type 0x0C): its value must fit in the message.</summary>
    /// <param name="data">The message's bytes.</param>
    /// <param name="place">The file, object header and message, for the error.</param>
    /// <param name="offsets">The superblock's size of offsets.</param>
    /// <param name="lengths">The superblock's size of lengths.</param>
    /// <param name="sharedDatatypeSize">The size of the datatype in the object header at an address (a committed
    /// datatype), or null where PureHDF could not read one.</param>
    /// <param name="sharedElements">The element count of the dataspace in the object header at an address, or null.</param>
    /// <exception cref="DataFormatException">The value needs more bytes than the message holds.</exception>
    public static void Attribute(
        ReadOnlySpan<byte> data, MessagePlace place, int offsets, int lengths, Func<ulong, uint?> sharedDatatypeSize, Func<ulong, ulong?> sharedElements)
    {
        var cursor = new Cursor(data, place);
        var head = cursor.Take(8, "the attribute message's header");
        var version = head[0];
        var flags = version == 1 ? 0 : head[1];
        var datatypeSize = BinaryPrimitives.ReadUInt16LittleEndian(head[4..]);
        var dataspaceSize = BinaryPrimitives.ReadUInt16LittleEndian(head[6..]);
        if (version == 3)
        {
            cursor.Take(1, "the attribute's name encoding");
        }

        var name = cursor.NullTerminated(pad: version == 1, "the attribute's name");
        uint size;
        if ((flags & 0x01) != 0)
        {
            if (!SharedAddress(ref cursor, offsets, out var address) || sharedDatatypeSize(address) is not { } shared)
            {
                return; // PureHDF refuses the shared message before it allocates the value.
            }

            size = shared;
        }
        else if (!Datatype(ref cursor, 0, out size))
        {
            return;
        }

        if (version == 1)
        {
            cursor.Take((8 - (datatypeSize % 8)) % 8, "the attribute's datatype padding");
        }

        ulong elements;
        if ((flags & 0x02) != 0)
        {
            if (!SharedAddress(ref cursor, offsets, out var address) || sharedElements(address) is not { } shared)
            {
                return;
            }

            elements = shared;
        }
        else if (!Dataspace(ref cursor, lengths, out elements))
        {
            return;
        }

        if (version == 1)
        {
            cursor.Take((8 - (dataspaceSize % 8)) % 8, "the attribute's dataspace padding");
        }

        var what = $"attribute '{Printable(name)}'";
        if (elements != 0 && size > ulong.MaxValue / elements)
        {
            throw place.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{what}: its value claims {elements} elements of {size} bytes, more bytes than any file holds (damaged datatype size or dataspace)"));
        }

        var bytes = elements * size;
        if (bytes > (ulong)cursor.Left)
        {
            throw place.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{what}: its value claims {bytes} bytes ({elements} elements of {size} bytes), but its message holds only {cursor.Left} (damaged datatype size or dataspace)"));
        }
    }

    /// <summary>Checks a datatype message (type 0x03): everything it declares must lie inside the message.</summary>
    /// <param name="data">The message's bytes.</param>
    /// <param name="place">The file, object header and message, for the error.</param>
    /// <returns>The datatype's size, or null where PureHDF refuses the datatype before it allocates anything.</returns>
    /// <exception cref="DataFormatException">The datatype runs past its message, or an enumeration's values do.</exception>
    public static uint? DatatypeSize(ReadOnlySpan<byte> data, MessagePlace place)
    {
        var cursor = new Cursor(data, place);
        return Datatype(ref cursor, 0, out var size) ? size : null;
    }

    /// <summary>The element count of a dataspace message (type 0x01).</summary>
    /// <param name="data">The message's bytes.</param>
    /// <param name="place">The file, object header and message, for the error.</param>
    /// <param name="lengths">The superblock's size of lengths.</param>
    /// <returns>The element count, or null where PureHDF refuses the dataspace.</returns>
    /// <exception cref="DataFormatException">The dataspace runs past its message or its dimensions are impossible.</exception>
    public static ulong? Elements(ReadOnlySpan<byte> data, MessagePlace place, int lengths)
    {
        var cursor = new Cursor(data, place);
        return Dataspace(ref cursor, lengths, out var elements) ? elements : null;
    }

    /// <summary>Checks a fill value message (type 0x05, or the old type 0x04): a defined value must fit in the message.</summary>
    /// <param name="data">The message's bytes.</param>
    /// <param name="place">The file, object header and message, for the error.</param>
    /// <param name="old">Whether this is the old fill value message (only a size and the value).</param>
    /// <exception cref="DataFormatException">The value's size exceeds what the message holds.</exception>
    public static void FillValue(ReadOnlySpan<byte> data, MessagePlace place, bool old)
    {
        var cursor = new Cursor(data, place);
        if (!old)
        {
            var version = cursor.Take(1, "the fill value message's version")[0];
            if (version is 1 or 2)
            {
                if (cursor.Take(3, "the fill value message's header")[2] != 1)
                {
                    return; // No value.
                }
            }
            else if (version == 3)
            {
                var flags = cursor.Take(1, "the fill value message's flags")[0];
                if ((flags & 0x10) != 0 || (flags & 0x20) == 0)
                {
                    return;
                }
            }
            else
            {
                return; // PureHDF refuses the version.
            }
        }

        var size = BinaryPrimitives.ReadUInt32LittleEndian(cursor.Take(4, "the fill value's size"));
        if (size > (ulong)cursor.Left)
        {
            throw place.Fail(string.Create(CultureInfo.InvariantCulture,
                $"a fill value claims {size} bytes, but its message holds only {cursor.Left} (damaged size field)"));
        }
    }

    /// <summary>Checks a data layout message (type 0x08) of version 1 or 2: compact data must fit in the message (later
    /// versions store its size in 2 bytes).</summary>
    /// <param name="data">The message's bytes.</param>
    /// <param name="place">The file, object header and message, for the error.</param>
    /// <param name="offsets">The superblock's size of offsets.</param>
    /// <exception cref="DataFormatException">The compact data's size exceeds what the message holds.</exception>
    public static void Layout(ReadOnlySpan<byte> data, MessagePlace place, int offsets)
    {
        if (data.Length < 3 || data[0] is not (1 or 2) || data[2] is not (0 or 1 or 2))
        {
            return;
        }

        var cursor = new Cursor(data, place);
        var head = cursor.Take(8, "the layout message's header");
        var rank = head[1];
        var compact = head[2] == 0;
        if (!compact)
        {
            return; // Only compact data is allocated while decoding.
        }

        cursor.Take(4 * rank, "the layout's dimensions");
        var size = BinaryPrimitives.ReadUInt32LittleEndian(cursor.Take(4, "the compact data's size"));
        if (size > (ulong)cursor.Left)
        {
            throw place.Fail(string.Create(CultureInfo.InvariantCulture,
                $"a compact dataset's data claims {size} bytes, but its layout message holds only {cursor.Left} (damaged size field)"));
        }
    }

    /// <summary>The object header a shared message names (version 1: 6 reserved bytes, then the address; version 2:
    /// the address; version 3: a location type, then the address of a committed object), as PureHDF reads it; false
    /// where PureHDF refuses it (another version, or a message in the shared-message heap, which it does not read).</summary>
    /// <param name="data">The message's bytes.</param>
    /// <param name="place">The file, object header and message, for the error.</param>
    /// <param name="offsets">The superblock's size of offsets.</param>
    /// <param name="address">The named object header's address, relative to the base address.</param>
    /// <returns>Whether PureHDF would follow the shared message.</returns>
    public static bool Shared(ReadOnlySpan<byte> data, MessagePlace place, int offsets, out ulong address)
    {
        var cursor = new Cursor(data, place);
        return SharedAddress(ref cursor, offsets, out address);
    }

    private static bool SharedAddress(ref Cursor cursor, int offsets, out ulong address)
    {
        address = 0;
        var head = cursor.Take(2, "a shared message");
        var version = head[0];
        if (version == 1)
        {
            cursor.Take(6, "a shared message's reserved bytes");
        }
        else if (version == 3 && head[1] == 1)
        {
            return false;
        }

        address = HeapBounds.ReadLength(cursor.Take(offsets, "a shared message's address"), offsets);
        return version is 1 or 2 or 3;
    }

    /// <summary>Decodes a datatype as PureHDF's <c>DatatypeMessage.Decode</c> does; false where PureHDF refuses it.</summary>
    private static bool Datatype(ref Cursor cursor, int depth, out uint size)
    {
        if (depth > MaxNesting)
        {
            throw cursor.Place.Fail($"a datatype nests more than {MaxNesting} levels deep (damaged datatype)");
        }

        var head = cursor.Take(8, "a datatype");
        var type = head[0] & 0x0F;
        var version = head[0] >> 4;
        size = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
        var count = head[1] | (head[2] << 8);
        switch (type)
        {
            case 0 or 4: // fixed-point, bitfield: bit offset and precision
                cursor.Take(4, "a datatype's properties");
                return true;
            case 1: // floating-point
                cursor.Take(12, "a datatype's properties");
                return true;
            case 2: // time
                cursor.Take(2, "a datatype's properties");
                return true;
            case 3 or 7: // string, reference
                return true;
            case 5: // opaque: the tag
                cursor.Take(head[1], "an opaque datatype's tag");
                return true;
            case 6:
                return Compound(ref cursor, depth, version, size, count);
            case 8:
                if (!Datatype(ref cursor, depth + 1, out _))
                {
                    return false;
                }

                for (var i = 0; i < count; i++)
                {
                    cursor.NullTerminated(pad: version <= 2, "an enumeration's name");
                }

                var values = (ulong)count * size;
                if (values > (ulong)cursor.Left)
                {
                    throw cursor.Place.Fail(string.Create(CultureInfo.InvariantCulture,
                        $"an enumeration's {count} values of {size} bytes need {values} bytes, but its message holds only {cursor.Left} (damaged datatype size)"));
                }

                cursor.Take((int)values, "an enumeration's values");
                return true;
            case 9: // variable-length: the base type
                return Datatype(ref cursor, depth + 1, out _);
            case 10: // array: rank, (version 2: reserved), dimensions, (version 2: permutation), base type
                var rank = cursor.Take(1, "an array datatype's rank")[0];
                if (version == 2)
                {
                    cursor.Take(3, "an array datatype's reserved bytes");
                }

                cursor.Take(4 * rank, "an array datatype's dimensions");
                if (version == 2)
                {
                    cursor.Take(4 * rank, "an array datatype's permutation");
                }

                return Datatype(ref cursor, depth + 1, out _);
            default:
                return false; // PureHDF refuses the class.
        }
    }

    /// <summary>A compound datatype's members: name, byte offset (and, in version 1, dimensionality, permutation and
    /// four dimension sizes), member type.</summary>
    private static bool Compound(ref Cursor cursor, int depth, int version, uint size, int members)
    {
        for (var i = 0; i < members; i++)
        {
            switch (version)
            {
                case 1:
                    cursor.NullTerminated(pad: true, "a compound member's name");
                    cursor.Take(4 + 1 + 3 + 4 + 4 + 16, "a compound member's offset and dimensions");
                    break;
                case 2:
                    cursor.NullTerminated(pad: true, "a compound member's name");
                    cursor.Take(4, "a compound member's offset");
                    break;
                case 3:
                    cursor.NullTerminated(pad: false, "a compound member's name");
                    cursor.Take(MinimumBytes(size), "a compound member's offset");
                    break;
                default:
                    return false;
            }

            if (!Datatype(ref cursor, depth + 1, out _))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Decodes a dataspace as PureHDF's <c>DataspaceMessage.Decode</c> does, and counts its elements.</summary>
    private static bool Dataspace(ref Cursor cursor, int lengths, out ulong elements)
    {
        elements = 0;
        var head = cursor.Take(3, "a dataspace");
        var (version, rank, flags) = (head[0], head[1], head[2]);
        int type;
        if (version == 1)
        {
            type = rank > 0 ? 1 : 0;
            cursor.Take(5, "a dataspace's reserved bytes");
        }
        else
        {
            type = cursor.Take(1, "a dataspace's type")[0];
        }

        var dimensions = cursor.Take(rank * lengths, "a dataspace's dimensions");
        if ((flags & 0x01) != 0)
        {
            cursor.Take(rank * lengths, "a dataspace's maximum dimensions");
        }

        if ((flags & 0x02) != 0)
        {
            cursor.Take(rank * lengths, "a dataspace's permutation");
        }

        if (version is not (1 or 2) || type is not (0 or 1 or 2))
        {
            return false;
        }

        if (type != 1)
        {
            elements = type == 0 ? 1UL : 0UL; // scalar, null
            return true;
        }

        if (rank > MaxRank)
        {
            throw cursor.Place.Fail(string.Create(CultureInfo.InvariantCulture,
                $"a dataspace claims {rank} dimensions, more than HDF5's {MaxRank} (damaged dataspace)"));
        }

        elements = 1;
        for (var i = 0; i < rank; i++)
        {
            var dimension = HeapBounds.ReadLength(dimensions.Slice(i * lengths, lengths), lengths);
            if (dimension != 0 && elements > ulong.MaxValue / dimension)
            {
                throw cursor.Place.Fail("a dataspace's dimensions multiply to more elements than 2^64 (damaged dataspace)");
            }

            elements *= dimension;
        }

        return true;
    }

    /// <summary>The bytes needed to store a value (PureHDF's <c>MathUtils.FindMinByteCount</c>, libhdf5's
    /// <c>H5VM_limit_enc_size</c>): 1 for values below 256, and so on.</summary>
    private static int MinimumBytes(uint value)
    {
        var bits = 1;
        while ((value >>= 1) != 0)
        {
            bits++;
        }

        return (bits + 7) / 8;
    }

    private static string Printable(ReadOnlySpan<byte> name)
    {
        var text = Encoding.UTF8.GetString(name[..Math.Min(name.Length, 64)]);
        return new string([.. text.Select(c => char.IsControl(c) ? '?' : c)]);
    }

    /// <summary>A position in one message's bytes that may not pass their end.</summary>
    private ref struct Cursor(ReadOnlySpan<byte> data, MessagePlace place)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        private int _position;

        public readonly MessagePlace Place => place;

        public readonly int Left => _data.Length - _position;

        public ReadOnlySpan<byte> Take(int count, string what)
        {
            if (count > Left)
            {
                throw place.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{what} needs {count} bytes at byte {_position} of a {_data.Length}-byte message, past its end (damaged message)"));
            }

            var bytes = _data.Slice(_position, count);
            _position += count;
            return bytes;
        }

        /// <summary>A null-terminated string (without the terminator), padded to 8 bytes with the terminator where asked.</summary>
        public ReadOnlySpan<byte> NullTerminated(bool pad, string what)
        {
            var end = _data[_position..].IndexOf((byte)0);
            if (end < 0)
            {
                throw place.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{what} at byte {_position} of a {_data.Length}-byte message has no terminating null byte inside it (damaged message)"));
            }

            var text = Take(end + 1, what)[..end];
            if (pad)
            {
                Take((8 - ((end + 1) % 8)) % 8, what + "'s padding");
            }

            return text;
        }
    }
}
