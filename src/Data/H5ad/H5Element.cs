using PllmML.Data.Hdf5;
using PureHDF;
using PureHDF.Selections;

namespace PllmML.Data.H5ad;

/// <summary>
/// Reads HDF5 datasets and attributes of any numeric element type into the .NET arrays the data model uses,
/// turning every surprise into a <see cref="DataFormatException"/> that names the file and the HDF5 path.
/// </summary>
internal sealed class H5Element
{
    /// <summary>Deflate expands at most 1032-fold; LZF, the other compressor h5py writes, at most 88-fold.</summary>
    private const double MaxExpansion = 1032;

    static H5Element() => HdfFilters.EnsureRegistered();

    public H5Element(string filePath)
    {
        FilePath = filePath;
        FileLength = new FileInfo(filePath).Length;
    }

    public string FilePath { get; }

    private long FileLength { get; }

    public DataFormatException Error(string path, string problem, Exception? inner = null) =>
        new(FilePath, path, problem, inner);

    public string? EncodingType(IH5Object element, string path) =>
        element.AttributeExists("encoding-type") ? Attribute(element, "encoding-type", path).Read<string>() : null;

    /// <summary>
    /// An attribute lives uncompressed in its object's header, so what it claims to hold must fit the file's bytes:
    /// a damaged dataspace must not make a small file decode billions of strings.
    /// </summary>
    public IH5Attribute Attribute(IH5Object element, string name, string path)
    {
        try
        {
            var attribute = element.Attribute(name);
            var bytes = attribute.Space.Dimensions.Aggregate(1.0, (product, extent) => product * extent) * Math.Max(attribute.Type.Size, 1);
            return bytes <= FileLength
                ? attribute
                : throw Error($"{path} (attribute {name})", $"the attribute claims {bytes:0} bytes, more than the file's {FileLength} bytes (damaged size field?)");
        }
        catch (Exception exception) when (exception is not DataFormatException)
        {
            throw Error($"{path} (attribute {name})", HdfFilters.Explain(exception), exception);
        }
    }

    public IH5Group Group(IH5Group parent, string name, string path) =>
        parent.LinkExists(name) && parent.Get(name) is IH5Group group
            ? group
            : throw Error(path, $"expected a group here; {parent.Name} holds: {ChildNames(parent)}");

    public IH5Dataset Dataset(IH5Group parent, string name, string path) =>
        parent.LinkExists(name) && parent.Get(name) is IH5Dataset dataset
            ? dataset
            : throw Error(path, $"expected a dataset here; the group holds: {ChildNames(parent)}");

    public static string ChildNames(IH5Group group)
    {
        var names = group.Children().Select(c => c.Name).ToList();
        return names.Count == 0 ? "(nothing)" : string.Join(", ", names);
    }

    public static ulong[] Shape(IH5Dataset dataset) => dataset.Space.Dimensions;

    /// <summary>The numpy name of a dataset's element type, e.g. <c>float32</c>, <c>int8</c>, <c>bool</c>.</summary>
    public static string TypeName(IH5DataType type) => type.Class switch
    {
        H5DataTypeClass.FloatingPoint => $"float{type.Size * 8}",
        H5DataTypeClass.FixedPoint => (type.FixedPoint.IsSigned ? "int" : "uint") + (type.Size * 8),
        H5DataTypeClass.Enumerated when type.Size == 1 => "bool",
        H5DataTypeClass.String or H5DataTypeClass.VariableLength => "string",
        _ => type.Class.ToString(),
    };

    public double[] ReadDoubles(IH5Dataset dataset, string path) => ReadNumbers<double>(dataset, path);

    public float[] ReadFloats(IH5Dataset dataset, string path) => ReadNumbers<float>(dataset, path);

    /// <summary>Values <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 of a one-dimensional dataset.</summary>
    public float[] ReadFloats(IH5Dataset dataset, string path, long start, long count) =>
        count == 0 ? [] : ReadNumbers<float>(dataset, path, new HyperslabSelection((ulong)start, (ulong)count));

    /// <summary>Integers <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 of a one-dimensional dataset.</summary>
    public int[] ReadInts(IH5Dataset dataset, string path, long start, long count) =>
        count == 0 ? [] : ReadInts(dataset, path, new HyperslabSelection((ulong)start, (ulong)count));

    /// <summary>Integers of any width, as 64-bit values (row pointers above 2^31).</summary>
    public long[] ReadLongs(IH5Dataset dataset, string path) =>
        dataset.Type.Class == H5DataTypeClass.FixedPoint
            ? ReadNumbers<long>(dataset, path)
            : throw Error(path, $"expected integers, found {TypeName(dataset.Type)}");

    public int[] ReadInts(IH5Dataset dataset, string path) => ReadInts(dataset, path, null);

    private int[] ReadInts(IH5Dataset dataset, string path, Selection? selection)
    {
        var type = dataset.Type;
        if (type.Class != H5DataTypeClass.FixedPoint)
        {
            throw Error(path, $"expected integers, found {TypeName(type)}");
        }

        if (type.Size == 4 && type.FixedPoint.IsSigned)
        {
            return Read<int[]>(dataset, path, selection);
        }

        var values = ReadNumbers<long>(dataset, path, selection);
        var result = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is < int.MinValue or > int.MaxValue)
            {
                throw Error(path, $"value {values[i]} at position {i} does not fit a 32-bit index");
            }

            result[i] = (int)values[i];
        }

        return result;
    }

    /// <summary>Reads a compound (record) dataset, one dictionary of member values per record.</summary>
    public Dictionary<string, object>[] ReadRecords(IH5Dataset dataset, string path) =>
        dataset.Type.Class == H5DataTypeClass.Compound
            ? Read<Dictionary<string, object>[]>(dataset, path)
            : throw Error(path, $"expected a compound dataset, found {TypeName(dataset.Type)}");

    public bool[] ReadBooleans(IH5Dataset dataset, string path)
    {
        var bytes = dataset.Type.Size == 1 ? ReadBytes(dataset, path) : throw Error(path, "expected a boolean array");
        return Array.ConvertAll(bytes, b => b != 0);
    }

    public string[] ReadStrings(IH5Dataset dataset, string path)
    {
        var type = dataset.Type.Class;
        if (type is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength))
        {
            throw Error(path, $"expected strings, found {TypeName(dataset.Type)}");
        }

        var values = Read<string[]>(dataset, path);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] ??= string.Empty;
        }

        return values;
    }

    public string[] ReadStringAttribute(IH5Object element, string name, string path)
    {
        if (!element.AttributeExists(name))
        {
            return [];
        }

        var attribute = Attribute(element, name, path);
        if (attribute.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength)
        {
            return attribute.Space.Rank == 0 ? [attribute.Read<string>()] : attribute.Read<string[]>();
        }

        // h5py writes an empty list as an empty float64 array.
        return attribute.Space.Dimensions.Aggregate(1UL, (a, b) => a * b) == 0
            ? []
            : throw Error($"{path} (attribute {name})", $"expected strings, found {TypeName(attribute.Type)}");
    }

    public long[] ReadShapeAttribute(IH5Object element, string path)
    {
        // h5sparse (anndata < 0.7) named it h5sparse_shape.
        var name = element.AttributeExists("shape") ? "shape" : "h5sparse_shape";
        if (!element.AttributeExists(name))
        {
            throw Error(path, "the sparse matrix has no 'shape' attribute");
        }

        var attribute = Attribute(element, name, path);
        return attribute.Type.Class == H5DataTypeClass.FixedPoint && attribute.Type.Size == 8
            ? attribute.Read<long[]>()
            : attribute.Read<int[]>().Select(v => (long)v).ToArray();
    }

    /// <summary>Reads any integer, floating-point or boolean dataset converted to <typeparamref name="T"/>.</summary>
    private T[] ReadNumbers<T>(IH5Dataset dataset, string path, Selection? selection = null)
        where T : struct, System.Numerics.INumberBase<T>
    {
        var type = dataset.Type;
        return (type.Class, type.Size, type.Class == H5DataTypeClass.FixedPoint && type.FixedPoint.IsSigned) switch
        {
            (H5DataTypeClass.FloatingPoint, 4, _) => Convert<float, T>(Read<float[]>(dataset, path, selection)),
            (H5DataTypeClass.FloatingPoint, 8, _) => Convert<double, T>(Read<double[]>(dataset, path, selection)),
            (H5DataTypeClass.FixedPoint, 1, true) => Convert<sbyte, T>(Read<sbyte[]>(dataset, path, selection)),
            (H5DataTypeClass.FixedPoint, 1, false) => Convert<byte, T>(ReadBytes(dataset, path, selection)),
            (H5DataTypeClass.FixedPoint, 2, true) => Convert<short, T>(Read<short[]>(dataset, path, selection)),
            (H5DataTypeClass.FixedPoint, 2, false) => Convert<ushort, T>(Read<ushort[]>(dataset, path, selection)),
            (H5DataTypeClass.FixedPoint, 4, true) => Convert<int, T>(Read<int[]>(dataset, path, selection)),
            (H5DataTypeClass.FixedPoint, 4, false) => Convert<uint, T>(Read<uint[]>(dataset, path, selection)),
            (H5DataTypeClass.FixedPoint, 8, true) => Convert<long, T>(Read<long[]>(dataset, path, selection)),
            (H5DataTypeClass.FixedPoint, 8, false) => Convert<ulong, T>(Read<ulong[]>(dataset, path, selection)),
            (H5DataTypeClass.Enumerated, 1, _) => Convert<byte, T>(ReadBytes(dataset, path, selection)),
            _ => throw Error(path, $"expected numbers, found {TypeName(type)}"),
        };
    }

    private byte[] ReadBytes(IH5Dataset dataset, string path, Selection? selection = null) => Read<byte[]>(dataset, path, selection);

    private static TOut[] Convert<TIn, TOut>(TIn[] values)
        where TIn : struct, System.Numerics.INumberBase<TIn>
        where TOut : struct, System.Numerics.INumberBase<TOut>
    {
        if (values is TOut[] same)
        {
            return same;
        }

        var result = new TOut[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = TOut.CreateTruncating(values[i]);
        }

        return result;
    }

    private T Read<T>(IH5Dataset dataset, string path, Selection? selection = null)
    {
        try
        {
            CheckSize(dataset, path);
            using var pipeline = FilterPipeline.Enter(dataset);
            return selection is null ? dataset.Read<T>() : dataset.Read<T>(fileSelection: selection);
        }
        catch (Exception exception) when (exception is not DataFormatException)
        {
            throw Error(path, HdfFilters.Explain(exception), exception);
        }
    }

    /// <summary>
    /// A damaged size field must not make a small file allocate gigabytes: what a dataset claims to hold, and one chunk
    /// of it (PureHDF allocates a whole chunk's buffer before it decompresses into it), have to fit what the file's
    /// bytes can expand to.
    /// </summary>
    private void CheckSize(IH5Dataset dataset, string path)
    {
        var bytes = dataset.Space.Dimensions.Aggregate(1.0, (product, extent) => product * extent) * dataset.Type.Size;
        var limit = (FileLength * MaxExpansion) + (1 << 20);
        if (bytes > limit)
        {
            throw Error(path, $"the dataset claims {bytes:0} bytes, more than the file's {FileLength} bytes can hold (damaged size field?)");
        }

        if (dataset.Layout.Class == H5DataLayoutClass.Chunked
            && dataset.Layout.Chunks.Aggregate(1.0, (product, extent) => product * extent) * dataset.Type.Size is var chunk && chunk > limit)
        {
            throw Error(path, $"one chunk of the dataset claims {chunk:0} bytes, more than the file's {FileLength} bytes can hold (damaged chunk dimensions?)");
        }
    }
}
