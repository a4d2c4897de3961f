using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace PllmML.Data.Hdf5;

/// <summary>
/// Walks every object header reachable from the root group, the way PureHDF reaches them, and bounds the messages
/// PureHDF decodes as soon as it opens an object (<see cref="MessageBounds"/>: attribute values, fill values, compact
/// data, enumeration values). This is what covers libhdf5's version-1 object headers, which carry no checksum and no
/// signature to find them by: a damaged datatype size in an attribute message used to make PureHDF allocate hundreds
/// of megabytes before it failed.
/// </summary>
/// <remarks>
/// <para>Objects are reached from the root object header (superblock version 0 or 1: the root symbol table entry;
/// version 2 or 3: the root object header address) through symbol-table groups (message 0x11 and the cached
/// B-tree of a symbol table entry's scratch pad, as PureHDF prefers it: the version-1 B-tree's <c>TREE</c> nodes,
/// then the <c>SNOD</c> symbol table nodes and their entries), hard links (message 0x06) and shared messages (message
/// flag bit 1, and an attribute's shared datatype or dataspace, which name another object header). Each object header
/// is walked once. The version-1 B-tree of a chunked dataset (layout message version 1 to 3) is walked too: every
/// chunk's stored size, which PureHDF allocates before it reads the chunk, must fit in the file after the chunk's
/// address.</para>
/// <para>A version-1 header (version 1, reserved, message count, reference count, header size, padding to 8 bytes)
/// holds messages of type (2 bytes), size (2), flags (1) and 3 reserved bytes, then the data; a version-2 header
/// (<c>OHDR</c>) is read as <see cref="ObjectHeaderChecks"/> describes it, after that has checked its checksums. In
/// both, the messages must tile each block exactly and continuation blocks (message 0x10) must lie inside the file and
/// be named once: PureHDF follows a message that overruns its block into whatever bytes come next, and follows a loop
/// of continuation blocks until its stack overflows. What PureHDF refuses by itself before allocating anything (an
/// unknown message type, a bad B-tree signature) ends that part of the walk without an error. Groups stored densely
/// (link info message with a fractal heap) and attributes stored densely are not walked.</para>
/// </remarks>
internal sealed class ObjectHeaderWalk
{
    private const int SymbolTableMessage = 0x11;

    private const int ContinuationMessage = 0x10;

    private const int SharedFlag = 0x02;

    private const int LastKnownType = 0x16;

    /// <summary>How many shared messages in a row an attribute's datatype or dataspace may go through.</summary>
    private const int MaxSharedChain = 4;

    private readonly string _path;

    private readonly SafeFileHandle _handle;

    private readonly long _length;

    private readonly int _offsets;

    private readonly int _lengths;

    private readonly long _base;

    private readonly ulong _undefined;

    private readonly HashSet<long> _visited = [];

    private readonly Stack<long> _headers = new();

    /// <summary>B-tree nodes to walk: a group's (<c>Dimensions</c> 0; level 0 names symbol table nodes), or a chunked
    /// dataset's (<c>Dimensions</c>: its layout's dimensionality, one more than its rank).</summary>
    private readonly Stack<(long At, int Dimensions)> _nodes = new();

    private readonly byte[] _message = new byte[ushort.MaxValue];

    private readonly byte[] _window = new byte[4096];

    private long _windowAt = -1;

    private int _windowLength;

    private ObjectHeaderWalk(string path, SafeFileHandle handle, long length, int offsets, int lengths, long baseAddress)
    {
        (_path, _handle, _length, _offsets, _lengths, _base) = (path, handle, length, offsets, lengths, baseAddress);
        _undefined = offsets == 8 ? ulong.MaxValue : (1UL << (8 * offsets)) - 1;
    }

    /// <summary>Walks the file from its root group.</summary>
    /// <param name="path">The file, for the error.</param>
    /// <param name="handle">The open file.</param>
    /// <param name="length">The file's length.</param>
    /// <param name="superblock">The superblock's sizes, base address and root.</param>
    /// <exception cref="DataFormatException">A message claims more than it holds, or an object header's blocks do not
    /// hold together; the message names the object header's byte offset.</exception>
    public static void Run(string path, SafeFileHandle handle, long length, SuperblockInfo superblock)
    {
        var walk = new ObjectHeaderWalk(path, handle, length, superblock.Offsets, superblock.Lengths, superblock.Base);
        walk.AddHeader(superblock.Root);
        walk.AddNode(superblock.RootTree, tree: true);
        walk.Drain();
    }

    private void Drain()
    {
        while (true)
        {
            if (_nodes.TryPop(out var node))
            {
                if (node.Dimensions > 0)
                {
                    ChunkTree(node.At, node.Dimensions);
                }
                else if (node.Dimensions == 0)
                {
                    Tree(node.At);
                }
                else
                {
                    SymbolNode(node.At);
                }
            }
            else if (_headers.TryPop(out var header))
            {
                Header(header);
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>The absolute offset of an address (relative to the base address), or -1 for the undefined address
    /// and an address outside the file.</summary>
    private long Absolute(ulong address)
    {
        if (address == _undefined || address >= (ulong)_length)
        {
            return -1;
        }

        var at = _base + (long)address;
        return at < _length ? at : -1;
    }

    private void AddHeader(ulong address)
    {
        var at = Absolute(address);
        if (at >= 0 && _visited.Add(at))
        {
            _headers.Push(at);
        }
    }

    private void AddNode(ulong address, bool tree) => AddNode(address, tree ? 0 : -1);

    /// <summary>Queues a B-tree node (<paramref name="dimensions"/> 0: a group's, more: a chunked dataset's) or, for -1,
    /// a symbol table node.</summary>
    private void AddNode(ulong address, int dimensions)
    {
        var at = Absolute(address);
        if (at >= 0 && _visited.Add(-at - 1))
        {
            _nodes.Push((at, dimensions));
        }
    }

    /// <summary>One object header: bounds its messages and queues what it links to.</summary>
    private void Header(long at)
    {
        if (Messages(at) is not { } messages)
        {
            return;
        }

        foreach (var message in messages)
        {
            var data = _message.AsSpan(0, message.Size);
            HeapBounds.Read(_handle, data, message.At, _length);
            var place = new MessagePlace(_path, at, message.At, message.Type);
            if ((message.Flags & SharedFlag) != 0 && message.Type is MessageBounds.DataspaceType or MessageBounds.DatatypeType
                    or MessageBounds.OldFillValueType or MessageBounds.FillValueType or MessageBounds.FilterPipelineType or MessageBounds.AttributeType)
            {
                // PureHDF reads a shared message from the object header it names, decoding all of that header.
                if (MessageBounds.Shared(data, place, _offsets, out var target))
                {
                    AddHeader(target);
                }

                continue;
            }

            switch (message.Type)
            {
                case MessageBounds.AttributeType:
                    MessageBounds.Attribute(data, place, _offsets, _lengths,
                        address => SharedDatatypeSize(address, 0), address => SharedElements(address, 0));
                    break;
                case MessageBounds.DatatypeType:
                    MessageBounds.DatatypeSize(data, place);
                    break;
                case MessageBounds.FillValueType or MessageBounds.OldFillValueType:
                    MessageBounds.FillValue(data, place, old: message.Type == MessageBounds.OldFillValueType);
                    break;
                case MessageBounds.LayoutType:
                    MessageBounds.Layout(data, place, _offsets);
                    ChunkIndex(data);
                    break;
                case MessageBounds.LinkType:
                    ObjectHeaderChecks.CheckLinkName(_path, Location(at), data);
                    Link(data);
                    break;
                case SymbolTableMessage when data.Length >= 2 * _offsets:
                    AddNode(HeapBounds.ReadLength(data, _offsets), tree: true);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>The size of the first datatype message in the object header at an address, as PureHDF's
    /// <c>GetMessage&lt;DatatypeMessage&gt;</c> finds it.</summary>
    private uint? SharedDatatypeSize(ulong address, int depth) =>
        Shared(address, depth, MessageBounds.DatatypeType, (data, place) => MessageBounds.DatatypeSize(data, place), SharedDatatypeSize);

    /// <summary>The element count of the first dataspace message in the object header at an address.</summary>
    private ulong? SharedElements(ulong address, int depth) =>
        Shared(address, depth, MessageBounds.DataspaceType, (data, place) => MessageBounds.Elements(data, place, _lengths), SharedElements);

    private T? Shared<T>(ulong address, int depth, int type, MessageReader<T> read, Func<ulong, int, T?> follow)
        where T : struct
    {
        // PureHDF decodes the whole header it names: walk it like any other.
        AddHeader(address);
        var at = Absolute(address);
        var messages = at < 0 ? null : Messages(at);
        var index = messages?.FindIndex(message => message.Type == type) ?? -1;
        if (messages is null || index < 0)
        {
            return null; // PureHDF fails to read the header or finds no such message.
        }

        var found = messages[index];
        var data = new byte[found.Size];
        HeapBounds.Read(_handle, data, found.At, _length);
        var place = new MessagePlace(_path, at, found.At, found.Type);
        if ((found.Flags & SharedFlag) == 0)
        {
            return read(data, place);
        }

        if (depth >= MaxSharedChain)
        {
            throw place.Fail(string.Create(CultureInfo.InvariantCulture,
                $"an attribute's shared datatype or dataspace goes through more than {MaxSharedChain} shared messages (a loop?)"));
        }

        return MessageBounds.Shared(data, place, _offsets, out var next) ? follow(next, depth + 1) : null;
    }

    /// <summary>A link message: a hard link names an object header.</summary>
    private void Link(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2)
        {
            return;
        }

        var flags = data[1];
        var at = 2;
        var type = 0;
        if ((flags & 0x08) != 0)
        {
            type = data.Length > at ? data[at] : -1;
            at++;
        }

        at += ((flags & 0x04) != 0 ? 8 : 0) + ((flags & 0x10) != 0 ? 1 : 0);
        var width = 1 << (flags & 0x03);
        if (type != 0 || at + width > data.Length)
        {
            return;
        }

        var name = HeapBounds.ReadLength(data.Slice(at, width), width);
        if (name > (ulong)(data.Length - at - width - _offsets))
        {
            return;
        }

        AddHeader(HeapBounds.ReadLength(data.Slice(at + width + (int)name, _offsets), _offsets));
    }

    /// <summary>A version-1 B-tree node of a group: signature <c>TREE</c>, node type, level, entries used, two sibling
    /// addresses, then keys (size of lengths) and child addresses in turn; children are nodes one level down, or
    /// symbol table nodes at level 0.</summary>
    private void Tree(long at)
    {
        var headerSize = 8 + (2 * _offsets);
        Span<byte> head = stackalloc byte[8];
        if (at + headerSize > _length || HeapBounds.Read(_handle, head, at, _length) < 8 || !head.StartsWith("TREE"u8))
        {
            return; // PureHDF refuses the node by its signature.
        }

        var level = head[5];
        var entries = BinaryPrimitives.ReadUInt16LittleEndian(head[6..]);
        var stride = _lengths + _offsets;
        var size = (long)entries * stride;
        if (size > _length - at - headerSize - _lengths)
        {
            return; // PureHDF's reads fail at the end of the file.
        }

        var children = new byte[size];
        HeapBounds.Read(_handle, children, at + headerSize + _lengths, _length);
        for (var i = 0; i < entries; i++)
        {
            AddNode(HeapBounds.ReadLength(children.AsSpan(i * stride, _offsets), _offsets), tree: level > 0);
        }
    }

    /// <summary>A data layout message of version 1 to 3 with chunked storage names the version-1 B-tree of its chunks
    /// (version 1 and 2: dimensionality, class, 5 reserved bytes, then the address; version 3: class, dimensionality,
    /// address).</summary>
    private void ChunkIndex(ReadOnlySpan<byte> data)
    {
        var (dimensions, addressAt) = data.Length < 3 ? (0, 0) : data[0] switch
        {
            1 or 2 when data[2] == 2 => (data[1], 8),
            3 when data[1] == 2 => (data[2], 3),
            _ => (0, 0),
        };
        if (dimensions > 0 && addressAt + _offsets <= data.Length)
        {
            AddNode(HeapBounds.ReadLength(data[addressAt..], _offsets), dimensions);
        }
    }

    /// <summary>A version-1 B-tree node of a chunked dataset: keys of chunk size (4 bytes), filter mask (4) and one
    /// 8-byte offset per dimension, between child addresses; at level 0 the children are the chunks, whose stored
    /// bytes must lie inside the file. PureHDF allocates a chunk's stored size (from the key on its left) before it
    /// reads the chunk, so a damaged size made a small file allocate up to 2 GiB.</summary>
    private void ChunkTree(long at, int dimensions)
    {
        var headerSize = 8 + (2 * _offsets);
        Span<byte> head = stackalloc byte[8];
        if (at + headerSize > _length || HeapBounds.Read(_handle, head, at, _length) < 8 || !head.StartsWith("TREE"u8))
        {
            return;
        }

        var level = head[5];
        var entries = BinaryPrimitives.ReadUInt16LittleEndian(head[6..]);
        var key = 8 + (8 * dimensions);
        var stride = key + _offsets;
        var size = ((long)entries * stride) + key;
        if (size > _length - at - headerSize)
        {
            return; // PureHDF's reads fail at the end of the file.
        }

        var body = new byte[size];
        HeapBounds.Read(_handle, body, at + headerSize, _length);
        for (var i = 0; i < entries; i++)
        {
            var address = HeapBounds.ReadLength(body.AsSpan((i * stride) + key, _offsets), _offsets);
            if (level > 0)
            {
                AddNode(address, dimensions);
                continue;
            }

            var chunkSize = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(i * stride));
            var chunkAt = Absolute(address);
            if (chunkAt >= 0 && chunkSize > (ulong)(_length - chunkAt))
            {
                throw new DataFormatException(_path, string.Create(CultureInfo.InvariantCulture, $"chunk B-tree node at byte {at}"),
                    string.Create(CultureInfo.InvariantCulture,
                        $"chunk {i} (at byte {chunkAt}) claims {chunkSize} stored bytes, but only {_length - chunkAt} follow it in the file (damaged chunk size)"));
            }
        }
    }

    /// <summary>A symbol table node: signature <c>SNOD</c>, version, reserved, number of symbols, then entries of link
    /// name offset, object header address, cache type, reserved and a 16-byte scratch pad (cache type 1: the group's
    /// B-tree and local heap addresses, which PureHDF reads instead of the group's symbol table message).</summary>
    private void SymbolNode(long at)
    {
        Span<byte> head = stackalloc byte[8];
        if (HeapBounds.Read(_handle, head, at, _length) < 8 || !head.StartsWith("SNOD"u8))
        {
            return;
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(head[6..]);
        var stride = (2 * _offsets) + 4 + 4 + 16;
        var size = (long)count * stride;
        if (size > _length - at - 8)
        {
            return;
        }

        var entries = new byte[size];
        HeapBounds.Read(_handle, entries, at + 8, _length);
        for (var i = 0; i < count; i++)
        {
            var entry = entries.AsSpan(i * stride, stride);
            AddHeader(HeapBounds.ReadLength(entry[_offsets..], _offsets));
            if (BinaryPrimitives.ReadUInt32LittleEndian(entry[(2 * _offsets)..]) == 1)
            {
                AddNode(HeapBounds.ReadLength(entry[((2 * _offsets) + 8)..], _offsets), tree: true);
            }
        }
    }

    /// <summary>The messages of the object header at an absolute offset, in PureHDF's order (each block, then the
    /// blocks its continuation messages name), or null where PureHDF refuses the header (its version).</summary>
    private List<HeaderMessage>? Messages(long at)
    {
        var prefix = Peek(at, 6 + 16 + 4 + 8).ToArray();
        if (prefix.Length >= 5 && prefix.AsSpan().StartsWith("OHDR"u8))
        {
            // PureHDF reads the version after the signature; a 1 there is read as a version-1 header.
            return prefix[4] switch
            {
                1 => VersionOne(at, at + 4),
                2 => VersionTwo(at, prefix),
                _ => null,
            };
        }

        return prefix.Length >= 1 && prefix[0] == 1 ? VersionOne(at, at) : null;
    }

    private List<HeaderMessage>? VersionOne(long at, long versionAt)
    {
        var prefix = Peek(versionAt, 12);
        if (prefix.Length < 12)
        {
            return null;
        }

        var size = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        return Blocks(at, versionAt + (size > 0 ? 16 : 12), size, versionOne: true, creationOrder: false);
    }

    private List<HeaderMessage>? VersionTwo(long at, byte[] prefix)
    {
        var flags = prefix[5];
        var sizeAt = 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
        var width = 1 << (flags & 0x03);
        if (sizeAt + width > prefix.Length)
        {
            return null;
        }

        var size = HeapBounds.ReadLength(prefix.AsSpan(sizeAt, width), width);
        return Blocks(at, at + sizeAt + width, size, versionOne: false, creationOrder: (flags & 0x04) != 0);
    }

    /// <summary>Walks chunk 0 and the continuation blocks depth first, as PureHDF's <c>ReadHeaderMessages</c> does.</summary>
    private List<HeaderMessage> Blocks(long header, long start, ulong size, bool versionOne, bool creationOrder)
    {
        var prefix = versionOne ? 8 : creationOrder ? 6 : 4;
        var gap = versionOne ? 0UL : (ulong)prefix;
        var messages = new List<HeaderMessage>();
        var pending = new Stack<(long Start, ulong Size)>();
        var named = new HashSet<long>();
        var total = 0UL;
        pending.Push((start, size));
        while (pending.TryPop(out var block))
        {
            if (block.Size > (ulong)(_length - block.Start))
            {
                throw new DataFormatException(_path, Location(header), string.Create(CultureInfo.InvariantCulture,
                    $"a block of its messages at byte {block.Start} claims {block.Size} bytes, past the file's end at {_length} (damaged size field)"));
            }

            var continuations = new List<(long Start, ulong Size)>();
            var at = block.Start;
            var remaining = block.Size;
            while (remaining > gap)
            {
                if (remaining < (ulong)prefix)
                {
                    throw new DataFormatException(_path, Location(header), string.Create(CultureInfo.InvariantCulture,
                        $"the message at byte {at} has only {remaining} of its {prefix} header bytes left in its block (damaged size field)"));
                }

                var head = Peek(at, prefix);
                var type = versionOne ? BinaryPrimitives.ReadUInt16LittleEndian(head) : head[0];
                var messageSize = BinaryPrimitives.ReadUInt16LittleEndian(head[(versionOne ? 2 : 1)..]);
                var flags = head[versionOne ? 4 : 3];
                if (messageSize > remaining - (ulong)prefix)
                {
                    throw new DataFormatException(_path, Location(header), string.Create(CultureInfo.InvariantCulture,
                        $"the message at byte {at} (type 0x{type:x2}) claims {messageSize} bytes, but only {(long)remaining - prefix} are left in its block (damaged size field)"));
                }

                if (type > LastKnownType)
                {
                    return messages; // PureHDF refuses the type and decodes nothing after it.
                }

                var data = at + prefix;
                if (type == ContinuationMessage)
                {
                    if (messageSize < _offsets + _lengths)
                    {
                        return messages; // PureHDF reads past the message and then refuses it.
                    }

                    var field = Peek(data, _offsets + _lengths);
                    var address = HeapBounds.ReadLength(field, _offsets);
                    var length = HeapBounds.ReadLength(field[_offsets..], _lengths);
                    var blockAt = Absolute(address);
                    var place = new MessagePlace(_path, header, data, ContinuationMessage);
                    if (blockAt < 0 || length > (ulong)(_length - blockAt) || (!versionOne && length < 8))
                    {
                        throw place.Fail(string.Create(CultureInfo.InvariantCulture,
                            $"a continuation block of {length} bytes at address {address} does not lie inside the file's {_length} bytes (damaged continuation message)"));
                    }

                    if (!named.Add(blockAt))
                    {
                        throw place.Fail(string.Create(CultureInfo.InvariantCulture,
                            $"the continuation block at byte {blockAt} is named twice, a loop PureHDF would follow without end (damaged continuation message)"));
                    }

                    total += length;
                    if (total > (ulong)_length)
                    {
                        throw place.Fail(string.Create(CultureInfo.InvariantCulture,
                            $"the header's continuation blocks claim {total} bytes, more than the file's {_length} (damaged continuation message)"));
                    }

                    continuations.Add(versionOne ? (blockAt, length) : (blockAt + 4, length - 8));
                }
                else if (type is MessageBounds.AttributeType or MessageBounds.DatatypeType or MessageBounds.DataspaceType
                    or MessageBounds.FillValueType or MessageBounds.OldFillValueType or MessageBounds.LayoutType or MessageBounds.LinkType
                    or SymbolTableMessage or MessageBounds.FilterPipelineType)
                {
                    messages.Add(new HeaderMessage(type, flags, data, messageSize));
                }

                at = data + messageSize;
                remaining -= (ulong)(prefix + messageSize);
            }

            for (var i = continuations.Count - 1; i >= 0; i--)
            {
                pending.Push(continuations[i]);
            }
        }

        return messages;
    }

    private static string Location(long header) => string.Create(CultureInfo.InvariantCulture, $"object header at byte {header}");

    /// <summary>Up to <paramref name="count"/> bytes (at most 64) at an offset, fewer at the file's end, through a small
    /// window so that walking a header's messages does not read the file a few bytes at a time.</summary>
    private ReadOnlySpan<byte> Peek(long at, int count)
    {
        if (_windowAt < 0 || at < _windowAt || at + count > _windowAt + _windowLength)
        {
            _windowAt = at;
            _windowLength = HeapBounds.Read(_handle, _window, at, _length);
        }

        var offset = (int)(at - _windowAt);
        return _window.AsSpan(offset, Math.Min(count, _windowLength - offset));
    }

    private delegate T? MessageReader<T>(ReadOnlySpan<byte> data, MessagePlace place)
        where T : struct;

    /// <summary>One message of an object header: its type, flags, data offset and size.</summary>
    private readonly record struct HeaderMessage(int Type, int Flags, long At, int Size);
}
