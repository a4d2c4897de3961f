using System.IO.Compression;
using PllmML.Data.Archives;

namespace PllmML.Data.Tensors;

/// <summary>
/// Reads a file written by PyTorch's <c>torch.save</c> (the zip format of PyTorch ≥ 1.6: <c>&lt;stem&gt;/data.pkl</c>
/// plus one record per storage) in pure managed code: the pickle becomes .NET values (dictionaries, lists,
/// tuples as arrays, strings, <see cref="long"/>, <see cref="double"/>, <see cref="PythonObject"/>) and each tensor a
/// <see cref="TorchTensorReference"/> whose values are read on demand. Nothing in the pickle is executed: only the
/// classes a checkpoint needs are understood, every other class becomes a <see cref="PythonObject"/>.
/// </summary>
public sealed class TorchPickleFile : IDisposable
{
    private readonly ZipArchive _archive;
    private readonly string _prefix;

    private TorchPickleFile(string path, ZipArchive archive, string prefix, object? root)
    {
        FilePath = path;
        _archive = archive;
        _prefix = prefix;
        Root = root;
    }

    /// <summary>The file.</summary>
    public string FilePath { get; }

    /// <summary>The unpickled object.</summary>
    public object? Root { get; }

    /// <summary>Opens a file and unpickles its object (tensor data is read later, on demand).</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not a PyTorch zip archive (or is truncated), uses the legacy
    /// pre-1.6 format, or its pickle is malformed.</exception>
    public static TorchPickleFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"File not found: {path}", path);
        }

        var archive = OpenArchive(path);
        try
        {
            var pickle = archive.Entries.FirstOrDefault(entry => entry.FullName.EndsWith("data.pkl", StringComparison.Ordinal)
                && entry.FullName.Count(c => c == '/') == 1)
                ?? throw new DataFormatException(path, "zip archive", "has no <name>/data.pkl record: not a torch.save file");
            var prefix = pickle.FullName[..^"data.pkl".Length];
            CheckByteOrder(path, archive, prefix);
            var bytes = ZipEntryReader.ReadVerified(pickle, path);
            var root = new PickleReader(path, bytes).Load();
            return new TorchPickleFile(path, archive, prefix, root);
        }
        catch (InvalidDataException exception)
        {
            archive.Dispose();
            throw new DataFormatException(path, "zip archive", "is damaged or truncated: " + exception.Message, exception);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>Reads a tensor's values (any strides are resolved into a contiguous row-major copy).</summary>
    /// <param name="tensor">A reference found in <see cref="Root"/>.</param>
    /// <exception cref="DataFormatException">The storage record is missing or shorter than the tensor needs.</exception>
    public StoredTensor ReadTensor(TorchTensorReference tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var location = $"storage data/{tensor.StorageKey}";
        var entry = _archive.GetEntry(_prefix + "data/" + tensor.StorageKey)
            ?? throw new DataFormatException(FilePath, location, "is missing from the archive");
        var size = TensorElementTypes.Size(tensor.ElementType);
        if (tensor.Shape.Count != tensor.Strides.Count || tensor.Strides.Any(stride => stride < 0)
            || TensorChecks.ElementCount(tensor.Shape) is not { } count || count > entry.Length / size)
        {
            throw new DataFormatException(FilePath, location,
                $"cannot hold the tensor {tensor.ShapeText} with strides [{string.Join(", ", tensor.Strides)}] in {entry.Length} bytes (damaged file?)");
        }

        var storage = ZipEntryReader.ReadVerified(entry, FilePath);
        return new StoredTensor(tensor.ElementType, [.. tensor.Shape], Gather(storage, tensor, size, location));
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _archive.Dispose();

    private byte[] Gather(byte[] storage, TorchTensorReference tensor, int size, string location)
    {
        var count = tensor.ElementCount;
        if (count == 0)
        {
            return [];
        }

        var last = LastElement(tensor);
        if (tensor.StorageOffset < 0 || last is null || last >= storage.LongLength / size)
        {
            throw new DataFormatException(FilePath, location,
                $"holds {storage.LongLength} bytes, but the tensor {tensor.ShapeText} needs element {last} (truncated file?)");
        }

        if (IsContiguous(tensor) && tensor.StorageOffset == 0 && storage.LongLength == count * size)
        {
            return storage; // the tensor is its whole storage (the usual case): no second copy
        }

        var result = new byte[count * size];
        if (IsContiguous(tensor))
        {
            Array.Copy(storage, tensor.StorageOffset * size, result, 0, result.LongLength);
            return result;
        }

        var index = new long[tensor.Shape.Count];
        for (long element = 0; element < count; element++)
        {
            var offset = tensor.StorageOffset;
            for (var axis = 0; axis < index.Length; axis++)
            {
                offset += index[axis] * tensor.Strides[axis];
            }

            Array.Copy(storage, offset * size, result, element * size, size);
            for (var axis = index.Length - 1; axis >= 0 && ++index[axis] == tensor.Shape[axis]; axis--)
            {
                index[axis] = 0;
            }
        }

        return result;
    }

    /// <summary>The storage index of the tensor's last element, or null when it overflows 64 bits.</summary>
    private static long? LastElement(TorchTensorReference tensor)
    {
        try
        {
            var last = tensor.StorageOffset;
            for (var axis = 0; axis < tensor.Shape.Count; axis++)
            {
                last = checked(last + ((tensor.Shape[axis] - 1) * tensor.Strides[axis]));
            }

            return last;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static bool IsContiguous(TorchTensorReference tensor)
    {
        long expected = 1;
        for (var axis = tensor.Shape.Count - 1; axis >= 0; axis--)
        {
            if (tensor.Shape[axis] != 1 && tensor.Strides[axis] != expected)
            {
                return false;
            }

            expected *= tensor.Shape[axis];
        }

        return true;
    }

    private static ZipArchive OpenArchive(string path)
    {
        var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        var read = file.Read(magic);
        file.Position = 0;
        if (read == 2 && magic[0] == 0x80 && magic[1] <= 5)
        {
            file.Dispose();
            throw new DataFormatException(path, "start of file",
                "is a legacy (pre-PyTorch 1.6) torch.save file; re-save it with a current PyTorch (torch.save(torch.load(p), p))");
        }

        try
        {
            return new ZipArchive(file, ZipArchiveMode.Read);
        }
        catch (InvalidDataException exception)
        {
            file.Dispose();
            throw new DataFormatException(path, "zip archive",
                "is not a PyTorch zip archive, or it is truncated (no readable central directory): " + exception.Message, exception);
        }
    }

    private static void CheckByteOrder(string path, ZipArchive archive, string prefix)
    {
        var entry = archive.GetEntry(prefix + "byteorder");
        if (entry is null)
        {
            return;
        }

        using var reader = new StreamReader(entry.Open());
        var order = reader.ReadToEnd().Trim();
        if (order != "little")
        {
            throw new DataFormatException(path, prefix + "byteorder", $"is '{order}'; only little-endian files are supported");
        }
    }
}
