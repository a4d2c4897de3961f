namespace PllmML.Data;

/// <summary>
/// anndata's <c>raw</c>: an earlier, usually unfiltered state of the data (all genes, raw counts) kept beside the
/// processed <c>X</c>. It has the same cells but may have more genes.
/// </summary>
/// <param name="X">The matrix, cells × raw genes.</param>
/// <param name="Var">Annotations of the raw genes.</param>
public sealed record RawData(CsrMatrix X, AnnotationTable Var);
