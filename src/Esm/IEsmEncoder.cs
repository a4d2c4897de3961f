namespace PllmML.Esm;

/// <summary>
/// An ESM-2 backend as <see cref="Embedding.ProteinEmbedder"/> sees it: a batch of token ids in, representations of the
/// asked layers out. <see cref="EsmModel"/> (TorchSharp, every layer) and <see cref="Onnx.EsmOnnxModel"/> (ONNX Runtime,
/// the last layer only) implement it.
/// </summary>
public interface IEsmEncoder : IDisposable
{
    /// <summary>A display name.</summary>
    string Name { get; }

    /// <summary>The weights' identity: embeddings in a store are keyed by it.</summary>
    string Identity { get; }

    /// <summary>The representation width d.</summary>
    int EmbeddingDimension { get; }

    /// <summary>The number of transformer layers L (representation layers 0..L), or null when only the last layer is
    /// available and its number is not known (an ONNX export): then the only layer is −1.</summary>
    int? LayerCount { get; }

    /// <summary>Runs a batch of tokenised sequences (see <c>EsmAlphabet.Encode</c>).</summary>
    /// <param name="sequences">Token ids with <c>&lt;cls&gt;</c> and <c>&lt;eos&gt;</c>.</param>
    /// <param name="request">Layers (resolved as <see cref="LayerCount"/> allows), means and/or per-token states.</param>
    /// <returns>The outputs, keyed by the layers as requested.</returns>
    EsmForwardResult Forward(IReadOnlyList<long[]> sequences, EsmForwardRequest request);
}
