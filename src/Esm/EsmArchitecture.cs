using PllmML.Data.Proteins;

namespace PllmML.Esm;

/// <summary>
/// The shape of an ESM-2 network, as read from a checkpoint's tensors: layers, width, attention heads, the FFN width
/// (4 × width in every published model) and whether token-dropout rescaling is on (it is for all ESM-2 models).
/// </summary>
/// <param name="LayerCount">Transformer blocks.</param>
/// <param name="EmbeddingDimension">Width d of the residual stream.</param>
/// <param name="HeadCount">Attention heads.</param>
/// <param name="FeedForwardDimension">Inner width of each block's FFN.</param>
/// <param name="TokenDropout">Whether embeddings are rescaled by 0.88 / (1 − mask ratio).</param>
public sealed record EsmArchitecture(int LayerCount, int EmbeddingDimension, int HeadCount, int FeedForwardDimension, bool TokenDropout = true)
{
    /// <summary>The width of one attention head.</summary>
    public int HeadDimension => EmbeddingDimension / HeadCount;

    /// <summary>The number of parameters of the trunk and LM head (no contact head).</summary>
    public long ParameterCount
    {
        get
        {
            long d = EmbeddingDimension;
            long f = FeedForwardDimension;
            var perLayer = (4 * ((d * d) + d)) + (2 * d * f) + f + d + (4 * d);
            return (EsmAlphabet.Size * d) + (LayerCount * perLayer) + (2 * d) + ((d * d) + d + (2 * d) + EsmAlphabet.Size);
        }
    }

    /// <summary>Floating-point operations per residue token of the forward pass at sequence length
    /// <paramref name="tokens"/> (2 per multiply-add; projections, FFN and attention).</summary>
    /// <param name="tokens">Tokens of the sequence.</param>
    public double FlopsPerToken(int tokens)
    {
        double d = EmbeddingDimension;
        return LayerCount * ((2 * ((4 * d * d) + (2 * d * FeedForwardDimension))) + (4 * tokens * d));
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{LayerCount} layers × {EmbeddingDimension} wide, {HeadCount} heads of {HeadDimension}, FFN {FeedForwardDimension}";
}
