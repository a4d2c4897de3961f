using PllmML.Data;
using PllmML.Data.Tensors;

namespace PllmML.Esm.Checkpoints;

/// <summary>A <c>torch.save</c> state dict (a <c>pytorch_model.bin</c>, or the <c>"model"</c> entry of a fair-esm
/// <c>.pt</c>) as a tensor source.</summary>
internal sealed class TorchPickleSource : ITensorSource
{
    private readonly TorchPickleFile _file;
    private readonly Dictionary<string, TorchTensorReference> _tensors;

    public TorchPickleSource(string path)
    {
        _file = TorchPickleFile.Open(path);
        try
        {
            (_tensors, Configuration) = Unpack(path, _file.Root);
        }
        catch
        {
            _file.Dispose();
            throw;
        }

        Entries = _tensors.Select(pair => new TensorEntry(pair.Key, pair.Value.ElementType, pair.Value.Shape)).ToList();
    }

    public string FilePath => _file.FilePath;

    public IReadOnlyList<TensorEntry> Entries { get; }

    /// <summary>The fair-esm <c>cfg["model"]</c> attributes, or null for a bare state dict.</summary>
    public IReadOnlyDictionary<object, object?>? Configuration { get; }

    public StoredTensor Read(string name) => _file.ReadTensor(_tensors[name]);

    public void Dispose() => _file.Dispose();

    private static (Dictionary<string, TorchTensorReference>, IReadOnlyDictionary<object, object?>?) Unpack(string path, object? root)
    {
        if (root is not Dictionary<object, object?> dictionary)
        {
            throw new DataFormatException(path, "data.pkl", $"holds a {Describe(root)}, expected a state dict or a fair-esm {{cfg, model}} dict");
        }

        IReadOnlyDictionary<object, object?>? configuration = null;
        if (dictionary.TryGetValue("model", out var model) && model is Dictionary<object, object?> stateDict)
        {
            configuration = FairEsmConfiguration(dictionary);
            dictionary = stateDict;
        }

        var tensors = new Dictionary<string, TorchTensorReference>(StringComparer.Ordinal);
        foreach (var (key, value) in dictionary)
        {
            if (key is string name && value is TorchTensorReference tensor)
            {
                tensors[name] = tensor;
            }
        }

        return tensors.Count > 0
            ? (tensors, configuration)
            : throw new DataFormatException(path, "data.pkl", "holds no tensors (not a model state dict)");
    }

    private static IReadOnlyDictionary<object, object?>? FairEsmConfiguration(Dictionary<object, object?> root)
    {
        if (root.TryGetValue("cfg", out var cfg) && cfg is Dictionary<object, object?> cfgDictionary
            && cfgDictionary.TryGetValue("model", out var modelCfg))
        {
            return modelCfg switch
            {
                PythonObject namespaceObject => namespaceObject.Attributes,
                Dictionary<object, object?> plain => plain,
                _ => null,
            };
        }

        return root.TryGetValue("args", out var args) && args is PythonObject legacy ? legacy.Attributes : null;
    }

    private static string Describe(object? value) => value?.GetType().Name ?? "None";
}
