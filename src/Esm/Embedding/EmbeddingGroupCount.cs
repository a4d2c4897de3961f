namespace PllmML.Esm.Embedding;

/// <summary>What a merge did for one model, layer and pooling descriptor.</summary>
/// <param name="Model">The model identity.</param>
/// <param name="Layer">The representation layer.</param>
/// <param name="Pooling">The pooling descriptor.</param>
/// <param name="Added">Rows new to the target.</param>
/// <param name="AlreadyPresent">Rows the target already held with an agreeing vector.</param>
/// <param name="Conflicts">Rows the target held with a different vector (kept; only with
/// <see cref="EmbeddingMergeOptions.KeepExistingOnConflict"/>).</param>
public sealed record EmbeddingGroupCount(string Model, int Layer, string Pooling, long Added, long AlreadyPresent, long Conflicts);
