using System.Buffers.Binary;
using System.Text;

namespace PllmML.Data.Tensors;

/// <summary>
/// A safe unpickler for what <c>torch.save</c> writes (protocols 2–5): containers and scalars become .NET values,
/// tensor rebuild calls become <see cref="TorchTensorReference"/>s, other classes <see cref="PythonObject"/>s. No
/// Python code is run.
/// </summary>
internal sealed class PickleReader
{
    private static readonly object Mark = new();
    private readonly string _path;
    private readonly byte[] _bytes;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private int _position;

    public PickleReader(string path, byte[] bytes)
    {
        _path = path;
        _bytes = bytes;
    }

    public object? Load()
    {
        while (true)
        {
            var at = _position;
            var opcode = ReadByte();
            if (opcode == '.')
            {
                return Pop();
            }

            try
            {
                Execute(opcode);
            }
            catch (Exception exception) when (exception is InvalidCastException or ArgumentException or IndexOutOfRangeException
                or KeyNotFoundException or InvalidOperationException or OverflowException or NullReferenceException or FormatException)
            {
                throw Error(at, $"opcode 0x{opcode:x2} cannot be applied ({exception.Message})", exception);
            }
        }
    }

    private void Execute(byte opcode)
    {
        switch (opcode)
        {
            case 0x80: ReadByte(); break; // PROTO
            case 0x95: ReadBytes(8); break; // FRAME
            case (byte)'}': Push(new Dictionary<object, object?>()); break;
            case (byte)']': Push(new List<object?>()); break;
            case (byte)')': Push(Array.Empty<object?>()); break;
            case 0x8f: Push(new List<object?>()); break; // EMPTY_SET
            case (byte)'(': _marks.Push(_stack.Count); break;
            case (byte)'q': _memo[ReadByte()] = Peek(); break;
            case (byte)'r': _memo[ReadUInt32()] = Peek(); break;
            case 0x94: _memo[_memo.Count] = Peek(); break; // MEMOIZE
            case (byte)'h': Push(_memo[ReadByte()]); break;
            case (byte)'j': Push(_memo[ReadUInt32()]); break;
            case (byte)'X': Push(ReadText(ReadUInt32())); break;
            case 0x8c: Push(ReadText(ReadByte())); break;
            case 0x8d: Push(ReadText(checked((int)ReadInt64()))); break;
            case (byte)'T': Push(Encoding.Latin1.GetString(ReadBytes(ReadUInt32()))); break;
            case (byte)'U': Push(Encoding.Latin1.GetString(ReadBytes(ReadByte()))); break;
            case (byte)'B': Push(ReadBytes(ReadUInt32()).ToArray()); break;
            case (byte)'C': Push(ReadBytes(ReadByte()).ToArray()); break;
            case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break;
            case (byte)'K': Push((long)ReadByte()); break;
            case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break;
            case 0x8a: Push(ReadLong(ReadByte())); break;
            case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break;
            case (byte)'N': Push(null); break;
            case 0x88: Push(true); break;
            case 0x89: Push(false); break;
            case (byte)'t': Push(PopMarked().ToArray()); break;
            case 0x85: Push(new[] { Pop() }); break;
            case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; }
            case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; }
            case (byte)'l': Push(PopMarked()); break;
            case (byte)'a': { var item = Pop(); ((List<object?>)Peek()!).Add(item); break; }
            case (byte)'e': case 0x90: { var items = PopMarked(); ((List<object?>)Peek()!).AddRange(items); break; }
            case (byte)'d': Push(ToDictionary(PopMarked())); break;
            case (byte)'s': { var value = Pop(); var key = Pop(); SetItem(Peek(), key, value); break; }
            case (byte)'u': { var items = PopMarked(); var target = Peek(); for (var i = 0; i + 1 < items.Count; i += 2) { SetItem(target, items[i], items[i + 1]); } break; }
            case 0x91: Push(PopMarked()); break; // FROZENSET
            case (byte)'c': Push(new PythonClass(ReadLine(), ReadLine())); break;
            case 0x93: { var name = (string)Pop()!; var module = (string)Pop()!; Push(new PythonClass(module, name)); break; }
            case (byte)'R': { var arguments = (object?[])Pop()!; var callable = (PythonClass)Pop()!; Push(Call(callable, arguments)); break; }
            case 0x81: { var arguments = (object?[])Pop()!; var type = (PythonClass)Pop()!; Push(Call(type, arguments)); break; }
            case (byte)'b': { var state = Pop(); Build(Peek(), state); break; }
            case (byte)'Q': Push(PersistentLoad(Pop())); break;
            case (byte)'0': Pop(); break;
            case (byte)'2': Push(Peek()); break;
            default: throw Error(_position - 1, $"unsupported pickle opcode 0x{opcode:x2}");
        }
    }

    private static Dictionary<object, object?> ToDictionary(List<object?> items)
    {
        var dictionary = new Dictionary<object, object?>();
        for (var i = 0; i + 1 < items.Count; i += 2)
        {
            dictionary[items[i] ?? "None"] = items[i + 1];
        }

        return dictionary;
    }

    private static void SetItem(object? target, object? key, object? value)
    {
        if (target is Dictionary<object, object?> dictionary)
        {
            dictionary[key ?? "None"] = value;
        }
        else if (target is PythonObject python)
        {
            python.State ??= new Dictionary<object, object?>();
            ((Dictionary<object, object?>)python.State)[key ?? "None"] = value;
        }
        else
        {
            throw new InvalidOperationException($"SETITEM on a {target?.GetType().Name ?? "None"}");
        }
    }

    private static void Build(object? target, object? state)
    {
        switch (target)
        {
            case PythonObject python:
                python.State = state;
                break;
            case Dictionary<object, object?> dictionary when state is Dictionary<object, object?> items:
                foreach (var (key, value) in items)
                {
                    dictionary[key] = value;
                }

                break;
            default:
                break; // tensors and parameters carry no state a checkpoint reader needs
        }
    }

    private static object? Call(PythonClass callable, object?[] arguments) => callable.FullName switch
    {
        "collections.OrderedDict" or "builtins.dict" => new Dictionary<object, object?>(),
        "torch._utils._rebuild_tensor_v2" or "torch._utils._rebuild_tensor" => RebuildTensor(arguments),
        "torch._utils._rebuild_parameter" or "torch._utils._rebuild_parameter_with_state" => arguments[0],
        _ => new PythonObject(callable.FullName, arguments),
    };

    private static TorchTensorReference RebuildTensor(object?[] arguments)
    {
        var storage = (StorageReference)arguments[0]!;
        var shape = ((object?[])arguments[2]!).Select(size => (long)size!).ToArray();
        var strides = ((object?[])arguments[3]!).Select(stride => (long)stride!).ToArray();
        return new TorchTensorReference(storage.Key, storage.ElementType, (long)arguments[1]!, shape, strides);
    }

    private object PersistentLoad(object? id)
    {
        var tuple = id as object?[];
        if (tuple is not { Length: >= 3 } || tuple[0] as string != "storage")
        {
            throw new InvalidOperationException("a persistent id that is not a ('storage', type, key, …) tuple");
        }

        var type = tuple[1] switch
        {
            PythonClass storageClass => StorageType(storageClass.Name),
            _ => TensorElementType.U8,
        };
        return new StorageReference((string)tuple[2]!, type);
    }

    private TensorElementType StorageType(string name) => name switch
    {
        "FloatStorage" => TensorElementType.F32,
        "HalfStorage" => TensorElementType.F16,
        "BFloat16Storage" => TensorElementType.BF16,
        "DoubleStorage" => TensorElementType.F64,
        "LongStorage" => TensorElementType.I64,
        "IntStorage" => TensorElementType.I32,
        "ShortStorage" => TensorElementType.I16,
        "CharStorage" => TensorElementType.I8,
        "ByteStorage" or "UntypedStorage" => TensorElementType.U8,
        "BoolStorage" => TensorElementType.Bool,
        _ => throw Error(_position, $"unsupported storage type torch.{name}"),
    };

    private List<object?> PopMarked()
    {
        var start = _marks.Pop();
        var items = _stack.GetRange(start, _stack.Count - start);
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    private void Push(object? value) => _stack.Add(value);

    private object? Peek() => _stack.Count > 0 ? _stack[^1] : throw Error(_position, "the pickle stack is empty");

    private object? Pop()
    {
        var value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value == Mark ? throw Error(_position, "unexpected mark") : value;
    }

    private byte ReadByte() => _position < _bytes.Length ? _bytes[_position++] : throw Error(_position, "the pickle ends early (truncated file?)");

    private ReadOnlySpan<byte> ReadBytes(long count)
    {
        if (count < 0 || _position + count > _bytes.Length)
        {
            throw Error(_position, "the pickle ends early (truncated file?)");
        }

        var span = _bytes.AsSpan(_position, (int)count);
        _position += (int)count;
        return span;
    }

    private long ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    private long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));

    private string ReadText(long length) => Encoding.UTF8.GetString(ReadBytes(length));

    private long ReadLong(int length)
    {
        var bytes = ReadBytes(length);
        if (length > 8)
        {
            throw Error(_position, "an integer wider than 64 bits");
        }

        long value = 0;
        for (var i = length - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        return length is > 0 and < 8 && (bytes[length - 1] & 0x80) != 0 ? value - (1L << (8 * length)) : value;
    }

    private string ReadLine()
    {
        var end = Array.IndexOf(_bytes, (byte)'\n', _position);
        if (end < 0)
        {
            throw Error(_position, "the pickle ends early (truncated file?)");
        }

        var text = Encoding.UTF8.GetString(_bytes, _position, end - _position);
        _position = end + 1;
        return text;
    }

    private DataFormatException Error(int at, string problem, Exception? inner = null) =>
        new(_path, $"data.pkl byte {at}", problem, inner);

    private sealed record PythonClass(string Module, string Name)
    {
        public string FullName => Module + "." + Name;
    }

    private sealed record StorageReference(string Key, TensorElementType ElementType);
}
