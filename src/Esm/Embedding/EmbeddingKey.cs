using System.Security.Cryptography;
using System.Text;

namespace PllmML.Esm.Embedding;

/// <summary>
/// What identifies one stored embedding: the model (its <see cref="Checkpoints.EsmCheckpoint.Identity"/>), the
/// representation layer, the pooling descriptor (pooling plus the long-sequence rule, e.g. <c>mean/truncate1022</c>)
/// and the SHA-256 of the sequence.
/// </summary>
/// <param name="Model">The model identity.</param>
/// <param name="Layer">The representation layer (resolved, never −1).</param>
/// <param name="Pooling">The pooling descriptor.</param>
/// <param name="SequenceHash">SHA-256 of the sequence's UTF-8 bytes, 32 bytes.</param>
public sealed record EmbeddingKey(string Model, int Layer, string Pooling, byte[] SequenceHash)
{
    /// <summary>The SHA-256 of a sequence.</summary>
    /// <param name="sequence">The residues.</param>
    public static byte[] Hash(string sequence) => SHA256.HashData(Encoding.UTF8.GetBytes(sequence));
}
