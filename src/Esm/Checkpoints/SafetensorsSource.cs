using PllmML.Data.Tensors;

namespace PllmML.Esm.Checkpoints;

/// <summary>A <c>.safetensors</c> file as a tensor source.</summary>
internal sealed class SafetensorsSource : ITensorSource
{
    private readonly SafetensorsFile _file;

    public SafetensorsSource(string path)
    {
        _file = SafetensorsFile.Open(path);
        Entries = _file.Names.Select(_file.Describe).ToList();
    }

    public string FilePath => _file.FilePath;

    public IReadOnlyList<TensorEntry> Entries { get; }

    public StoredTensor Read(string name) => _file.Read(name);

    public void Dispose() => _file.Dispose();
}
