namespace PllmML.Esm.Embedding;

/// <summary>One row of an <see cref="EmbeddingStore"/>.</summary>
/// <param name="Key">Model identity, layer, pooling descriptor and sequence hash.</param>
/// <param name="Residues">The sequence's residue count (before truncation).</param>
/// <param name="Vector">The pooled embedding.</param>
public sealed record StoredEmbedding(EmbeddingKey Key, int Residues, float[] Vector);
