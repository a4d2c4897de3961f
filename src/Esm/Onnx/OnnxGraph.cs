using System.Globalization;
using System.Runtime.InteropServices;

namespace PllmML.Esm.Onnx;

/// <summary>
/// An ONNX graph being written (onnx.proto field numbers; IR version 8, default opset 17): nodes in order, initializers
/// inline or streamed to one external data file as they are added, so a large model's weights pass through memory one
/// tensor at a time.
/// </summary>
internal sealed class OnnxGraph : IDisposable
{
    public const int FloatType = 1;
    public const int Int64Type = 7;
    public const int BoolType = 9;
    private const int OpsetVersion = 17;
    private const int IrVersion = 8;
    private const int ExternalAlignment = 4096;
    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private readonly FileStream? _external;
    private readonly string? _externalName;
    private int _names;

    /// <param name="externalDataPath">Where the weights go, or null to keep them inside the model file.</param>
    public OnnxGraph(string? externalDataPath)
    {
        if (externalDataPath is not null)
        {
            _external = new FileStream(externalDataPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            _externalName = Path.GetFileName(externalDataPath);
        }
    }

    public string Initializer(string name, long[] dims, ReadOnlySpan<float> values) => Initializer(name, dims, FloatType, MemoryMarshal.AsBytes(values));

    public string Initializer(string name, long[] dims, ReadOnlySpan<long> values) => Initializer(name, dims, Int64Type, MemoryMarshal.AsBytes(values));

    public string Scalar(float value) => Initializer(Fresh("const"), [], [value]);

    public string Int64s(params long[] values) => Initializer(Fresh("const"), [values.Length], values);

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string op, string[] inputs, params (string Name, object Value)[] attributes) => Node(op, inputs, 1, attributes)[0];

    /// <summary>Adds a node and returns its outputs' names.</summary>
    public string[] Node(string op, string[] inputs, int outputCount, params (string Name, object Value)[] attributes)
    {
        var outputs = Enumerable.Range(0, outputCount).Select(_ => Fresh(op)).ToArray();
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        foreach (var output in outputs)
        {
            node.String(2, output);
        }

        node.String(3, Fresh(op + "_node")).String(4, op);
        foreach (var (name, value) in attributes)
        {
            node.Message(5, Attribute(name, value));
        }

        _nodes.Add(node);
        return outputs;
    }

    /// <summary>Renames a value by an Identity node, so a graph output carries a fixed name.</summary>
    public void Output(string value, string name, int elementType, params object[] dims)
    {
        var node = new ProtoWriter().String(1, value).String(2, name).String(3, Fresh("output_node")).String(4, "Identity");
        _nodes.Add(node);
        _outputs.Add(ValueInfo(name, elementType, dims));
    }

    public string Input(string name, int elementType, params object[] dims)
    {
        _inputs.Add(ValueInfo(name, elementType, dims));
        return name;
    }

    /// <summary>Writes the model file (the external data file is complete once this returns).</summary>
    public void Write(string path, string graphName, IReadOnlyDictionary<string, string> metadata)
    {
        _external?.Flush();
        var graph = new ProtoWriter();
        _nodes.ForEach(node => graph.Message(1, node));
        graph.String(2, graphName);
        _initializers.ForEach(initializer => graph.Message(5, initializer));
        _inputs.ForEach(input => graph.Message(11, input));
        _outputs.ForEach(output => graph.Message(12, output));

        var model = new ProtoWriter().Int64(1, IrVersion).String(2, "PllmML").String(3, typeof(OnnxGraph).Assembly.GetName().Version?.ToString() ?? "0")
            .Message(7, graph).Message(8, new ProtoWriter().String(1, string.Empty).Int64(2, OpsetVersion));
        foreach (var (key, value) in metadata)
        {
            model.Message(14, new ProtoWriter().String(1, key).String(2, value));
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        model.CopyTo(stream);
    }

    public void Dispose() => _external?.Dispose();

    private string Fresh(string hint) => $"{hint}_{_names++.ToString(CultureInfo.InvariantCulture)}";

    private string Initializer(string name, long[] dims, int elementType, ReadOnlySpan<byte> raw)
    {
        var tensor = new ProtoWriter();
        foreach (var dim in dims)
        {
            tensor.Int64(1, dim);
        }

        tensor.Int64(2, elementType).String(8, name);
        if (_external is null || raw.Length < 1024)
        {
            tensor.Bytes(9, raw);
        }
        else
        {
            var offset = (_external.Position + ExternalAlignment - 1) / ExternalAlignment * ExternalAlignment;
            _external.SetLength(Math.Max(_external.Length, offset));
            _external.Position = offset;
            _external.Write(raw);
            tensor.Message(13, Entry("location", _externalName!)).Message(13, Entry("offset", offset.ToString(CultureInfo.InvariantCulture)))
                .Message(13, Entry("length", raw.Length.ToString(CultureInfo.InvariantCulture))).Int64(14, 1);
        }

        _initializers.Add(tensor);
        return name;
    }

    private static ProtoWriter Entry(string key, string value) => new ProtoWriter().String(1, key).String(2, value);

    private static ProtoWriter Attribute(string name, object value)
    {
        var attribute = new ProtoWriter().String(1, name);
        return value switch
        {
            float f => attribute.Float(2, f).Int64(20, 1),
            int i => attribute.Int64(3, i).Int64(20, 2),
            long l => attribute.Int64(3, l).Int64(20, 2),
            long[] ints => ints.Aggregate(attribute, (a, v) => a.Int64(8, v)).Int64(20, 7),
            _ => throw new ArgumentException($"Attribute {name}: unsupported value type {value.GetType().Name}.", nameof(value)),
        };
    }

    private static ProtoWriter ValueInfo(string name, int elementType, object[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var dim in dims)
        {
            var dimension = dim switch
            {
                string symbol => new ProtoWriter().String(2, symbol),
                int size => new ProtoWriter().Int64(1, size),
                _ => throw new ArgumentException($"Dimension of {name}: a size or a name.", nameof(dims)),
            };
            shape.Message(1, dimension);
        }

        var tensorType = new ProtoWriter().Int64(1, elementType).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }
}
