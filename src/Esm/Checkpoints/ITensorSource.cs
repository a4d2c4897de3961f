using PllmML.Data.Tensors;

namespace PllmML.Esm.Checkpoints;

/// <summary>Named tensors of one checkpoint file whose data is read on demand.</summary>
internal interface ITensorSource : IDisposable
{
    string FilePath { get; }

    IReadOnlyList<TensorEntry> Entries { get; }

    StoredTensor Read(string name);
}
