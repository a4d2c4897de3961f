namespace PllmML.Data;

/// <summary>
/// A dense row-major single-precision matrix: an embedding with one row per cell (anndata <c>obsm</c>) or per gene
/// (<c>varm</c>).
/// </summary>
public sealed class DenseMatrix
{
    /// <summary>Wraps row-major values; the array is taken over, not copied.</summary>
    /// <param name="rowCount">Number of rows.</param>
    /// <param name="columnCount">Number of columns.</param>
    /// <param name="values">Row-major values, length rows × columns.</param>
    /// <exception cref="ArgumentException">The length does not match the shape.</exception>
    public DenseMatrix(int rowCount, int columnCount, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        if (values.Length != (long)rowCount * columnCount)
        {
            throw new ArgumentException(
                $"values holds {values.Length} numbers, expected {rowCount} × {columnCount}.", nameof(values));
        }

        RowCount = rowCount;
        ColumnCount = columnCount;
        Values = values;
    }

    /// <summary>Creates a zero matrix.</summary>
    /// <param name="rowCount">Number of rows.</param>
    /// <param name="columnCount">Number of columns.</param>
    public DenseMatrix(int rowCount, int columnCount)
        : this(rowCount, columnCount, new float[(long)rowCount * columnCount])
    {
    }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Number of columns.</summary>
    public int ColumnCount { get; }

    /// <summary>Row-major values.</summary>
    public float[] Values { get; }

    /// <summary>One row.</summary>
    /// <param name="row">The row.</param>
    public Span<float> Row(int row) => Values.AsSpan(row * ColumnCount, ColumnCount);

    /// <summary>One value.</summary>
    /// <param name="row">The row.</param>
    /// <param name="column">The column.</param>
    public float this[int row, int column]
    {
        get => Values[(row * ColumnCount) + column];
        set => Values[(row * ColumnCount) + column] = value;
    }

    /// <summary>The rows at the given positions, in that order.</summary>
    /// <param name="rows">Row positions.</param>
    public DenseMatrix SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var result = new DenseMatrix(rows.Count, ColumnCount);
        for (var i = 0; i < rows.Count; i++)
        {
            Row(rows[i]).CopyTo(result.Row(i));
        }

        return result;
    }
}
