using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace PllmML.Data.Tensors;

/// <summary>
/// A <c>.safetensors</c> file (Hugging Face format): an 8-byte little-endian header length, a JSON header naming
/// each tensor's dtype, shape and byte range, then the raw data. The header is read and checked on open; each
/// tensor's bytes are read only when asked for, so a multi-gigabyte checkpoint is never held twice.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    private const long MaxHeaderBytes = 100L << 20;
    private readonly FileStream _file;
    private readonly Dictionary<string, (TensorEntry Entry, long Begin, long End)> _tensors;
    private readonly long _dataStart;

    private SafetensorsFile(string path, FileStream file)
    {
        FilePath = path;
        _file = file;
        (_tensors, Metadata, _dataStart, Names) = ReadHeader(path, file);
    }

    /// <summary>The file.</summary>
    public string FilePath { get; }

    /// <summary>The tensor names in the order of their data in the file.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The <c>__metadata__</c> strings of the header (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Opens a file and checks its header.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The header is not valid, names an unknown dtype, or a tensor's byte
    /// range does not match its shape or lies beyond the end of the file (a truncated download).</exception>
    public static SafetensorsFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"File not found: {path}", path);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        try
        {
            return new SafetensorsFile(path, file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Whether the file holds a tensor of that name.</summary>
    /// <param name="name">The tensor name.</param>
    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <summary>The dtype and shape of a tensor.</summary>
    /// <param name="name">The tensor name.</param>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public TensorEntry Describe(string name) => Find(name).Entry;

    /// <summary>Reads one tensor's data.</summary>
    /// <param name="name">The tensor name.</param>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public StoredTensor Read(string name)
    {
        var (entry, begin, end) = Find(name);
        var data = new byte[end - begin];
        var read = 0;
        while (read < data.Length)
        {
            var count = RandomAccess.Read(_file.SafeFileHandle, data.AsSpan(read), _dataStart + begin + read);
            if (count == 0)
            {
                throw new DataFormatException(FilePath, $"tensor '{name}'", "the file ends inside the tensor's data (truncated file?)");
            }

            read += count;
        }

        return new StoredTensor(entry.ElementType, [.. entry.Shape], data);
    }

    /// <summary>Writes tensors to a new file, in the given order, with optional metadata strings.</summary>
    /// <param name="path">The file to create (replaced if it exists).</param>
    /// <param name="tensors">Name and tensor pairs; names must be unique.</param>
    /// <param name="metadata">Strings for <c>__metadata__</c>, or null.</param>
    public static void Write(
        string path, IEnumerable<KeyValuePair<string, StoredTensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var header = BuildHeader(list, metadata);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        file.Write(length);
        file.Write(header);
        foreach (var (_, tensor) in list)
        {
            file.Write(tensor.Data);
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _file.Dispose();

    private (TensorEntry Entry, long Begin, long End) Find(string name) =>
        _tensors.TryGetValue(name, out var found)
            ? found
            : throw new KeyNotFoundException($"{FilePath}: no tensor named '{name}'.");

    private static byte[] BuildHeader(List<KeyValuePair<string, StoredTensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, tensor) in tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", TensorElementTypes.SafetensorsName(tensor.ElementType));
                json.WriteStartArray("shape");
                foreach (var size in tensor.Shape)
                {
                    json.WriteNumberValue(size);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.Data.LongLength;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        var padded = (int)((buffer.Length + 7) / 8 * 8);
        var header = new byte[padded];
        Array.Fill(header, (byte)' ');
        buffer.ToArray().CopyTo(header, 0);
        return header;
    }

    private static (Dictionary<string, (TensorEntry, long, long)>, IReadOnlyDictionary<string, string>, long, IReadOnlyList<string>)
        ReadHeader(string path, FileStream file)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        if (file.Length < 8 || RandomAccess.Read(file.SafeFileHandle, lengthBytes, 0) != 8)
        {
            throw new DataFormatException(path, "header", "the file is shorter than the 8-byte header length (not a .safetensors file, or truncated)");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > file.Length - 8)
        {
            throw new DataFormatException(path, "header", $"the header length {headerLength} exceeds the file ({file.Length} bytes): not a .safetensors file, or truncated");
        }

        var headerBytes = new byte[headerLength];
        RandomAccess.Read(file.SafeFileHandle, headerBytes, 8);
        var dataStart = 8 + (long)headerLength;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes);
        }
        catch (JsonException exception)
        {
            throw new DataFormatException(path, "header", "the JSON header is not valid: " + exception.Message, exception);
        }

        using (document)
        {
            try
            {
                return ParseEntries(path, document.RootElement, file.Length - dataStart, dataStart);
            }
            catch (InvalidOperationException exception)
            {
                // System.Text.Json validates UTF-8 only when a string is decoded.
                throw new DataFormatException(path, "header", "the JSON header holds a string that is not valid UTF-8: " + exception.Message, exception);
            }
        }
    }

    private static (Dictionary<string, (TensorEntry, long, long)>, IReadOnlyDictionary<string, string>, long, IReadOnlyList<string>)
        ParseEntries(string path, JsonElement root, long dataBytes, long dataStart)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new DataFormatException(path, "header", $"the JSON header is a {root.ValueKind}, expected an object of tensors");
        }

        var tensors = new Dictionary<string, (TensorEntry, long, long)>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var property in root.EnumerateObject())
        {
            var name = PropertyName(path, property, index++);
            if (name == "__metadata__")
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new DataFormatException(path, "header __metadata__", $"is a {property.Value.ValueKind}, expected an object of strings");
                }

                foreach (var item in property.Value.EnumerateObject())
                {
                    var key = PropertyName(path, item, index++);
                    metadata[key] = item.Value.ValueKind == JsonValueKind.String
                        ? item.Value.GetString()!
                        : throw new DataFormatException(path, $"header __metadata__ '{key}'", $"is a {item.Value.ValueKind}, expected a string");
                }

                continue;
            }

            if (!tensors.TryAdd(name, ParseEntry(path, name, property.Value, dataBytes)))
            {
                throw new DataFormatException(path, $"tensor '{name}'", "is named twice in the header");
            }
        }

        var names = tensors.OrderBy(pair => pair.Value.Item2).Select(pair => pair.Key).ToList();
        return (tensors, metadata, dataStart, names);
    }

    private static string PropertyName(string path, JsonProperty property, int index)
    {
        try
        {
            return property.Name;
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            throw new DataFormatException(path, $"header entry {index}", "the name is not valid UTF-8: " + exception.Message, exception);
        }
    }

    private static (TensorEntry, long, long) ParseEntry(string path, string name, JsonElement value, long dataBytes)
    {
        var location = $"tensor '{name}'";
        try
        {
            var dtype = value.GetProperty("dtype").GetString() ?? string.Empty;
            if (!TensorElementTypes.TryParseSafetensorsName(dtype, out var type))
            {
                throw new DataFormatException(path, location, $"unsupported dtype '{dtype}'");
            }

            var shape = value.GetProperty("shape").EnumerateArray().Select(size => size.GetInt64()).ToArray();
            var offsets = value.GetProperty("data_offsets").EnumerateArray().Select(offset => offset.GetInt64()).ToArray();
            var entry = new TensorEntry(name, type, shape);
            var count = TensorChecks.ElementCount(shape);
            if (count is null || count > dataBytes)
            {
                throw new DataFormatException(path, location, $"the shape {entry.ShapeText} is negative or larger than the file's {dataBytes} data bytes");
            }

            var expected = count.Value * TensorElementTypes.Size(type);
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] - offsets[0] != expected)
            {
                throw new DataFormatException(path, location, $"data_offsets [{string.Join(", ", offsets)}] do not hold {expected} bytes for {dtype} {entry.ShapeText}");
            }

            return offsets[1] > dataBytes
                ? throw new DataFormatException(path, location, $"the data ends at byte {offsets[1]} but the file holds only {dataBytes} data bytes (truncated file?)")
                : (entry, offsets[0], offsets[1]);
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new DataFormatException(path, location, "expected dtype, shape and data_offsets: " + exception.Message, exception);
        }
    }
}
