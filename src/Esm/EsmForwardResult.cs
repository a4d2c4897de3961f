namespace PllmML.Esm;

/// <summary>
/// The outputs of one forward pass over a batch, unpadded: arrays are indexed by the position of the sequence in the
/// batch; per-token arrays are row-major [tokens × width] for that sequence's own token count.
/// </summary>
public sealed class EsmForwardResult
{
    internal EsmForwardResult(IReadOnlyList<int> layers, int sequenceCount)
    {
        Layers = layers;
        Means = layers.ToDictionary(layer => layer, _ => new float[sequenceCount][]);
        PerToken = layers.ToDictionary(layer => layer, _ => new float[sequenceCount][]);
        Logits = new float[sequenceCount][];
    }

    /// <summary>The layers returned (−1 resolved to the last layer).</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <summary>Per layer, per sequence: the mean over residue positions (width d); empty arrays when not asked.</summary>
    public IReadOnlyDictionary<int, float[][]> Means { get; }

    /// <summary>Per layer, per sequence: [tokens × d] states including <c>&lt;cls&gt;</c>/<c>&lt;eos&gt;</c>.</summary>
    public IReadOnlyDictionary<int, float[][]> PerToken { get; }

    /// <summary>Per sequence: [tokens × 33] logits.</summary>
    public float[][] Logits { get; }
}
