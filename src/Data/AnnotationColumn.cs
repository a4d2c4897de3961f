namespace PllmML.Data;

/// <summary>
/// One column of an <see cref="AnnotationTable"/> (a pandas DataFrame column of anndata's <c>obs</c> or
/// <c>var</c>): one value per cell or per gene.
/// </summary>
public abstract class AnnotationColumn
{
    /// <summary>Number of values.</summary>
    public abstract int Length { get; }

    /// <summary>The value at one row as text (empty for a missing value), for display and export.</summary>
    /// <param name="row">The row.</param>
    public abstract string FormatValue(int row);

    /// <summary>The rows at the given positions, in that order, as a new column of the same kind.</summary>
    /// <param name="rows">Row positions.</param>
    public abstract AnnotationColumn SelectRows(IReadOnlyList<int> rows);
}
