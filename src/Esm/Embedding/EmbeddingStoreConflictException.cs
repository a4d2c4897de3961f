using PllmML.Data;

namespace PllmML.Esm.Embedding;

/// <summary>
/// Two embedding stores hold different vectors (or residue counts) under one key — the same sequence, model identity,
/// layer and pooling — so they were not computed the same way and cannot be merged silently. The message names both
/// stores and the key.
/// </summary>
public sealed class EmbeddingStoreConflictException : DataFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="sourceStore">The store being merged in.</param>
    /// <param name="otherStore">The store already holding the key (the target, or the source that brought it into
    /// the target during this merge).</param>
    /// <param name="key">The key.</param>
    /// <param name="difference">What differs.</param>
    public EmbeddingStoreConflictException(string sourceStore, string otherStore, EmbeddingKey key, string difference)
        : base(sourceStore, Describe(key), $"differs from {otherStore}: {difference}. The stores were not made with the same model, "
            + "options or software; merge them into a fresh store, or re-embed one of them.")
    {
        ArgumentNullException.ThrowIfNull(key);
        SourceStore = sourceStore;
        OtherStore = otherStore;
        Key = key;
        Difference = difference;
    }

    /// <summary>The store being merged in.</summary>
    public string SourceStore { get; }

    /// <summary>The store that already held the key.</summary>
    public string OtherStore { get; }

    /// <summary>The key both hold.</summary>
    public EmbeddingKey Key { get; }

    /// <summary>What differs (dimension, residues, or the largest difference of the values).</summary>
    public string Difference { get; }

    /// <summary>A key as text: model identity, layer, pooling and the sequence's SHA-256 in hex.</summary>
    /// <param name="key">The key.</param>
    public static string Describe(EmbeddingKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return $"key (model {key.Model}, layer {key.Layer}, pooling {key.Pooling}, sequence SHA-256 {Convert.ToHexStringLower(key.SequenceHash)})";
    }
}
