namespace PllmML.Data;

/// <summary>
/// The rows (cells) of a cells × genes matrix, read a block of rows at a time: a <see cref="CsrMatrix"/> in memory,
/// or X of an <c>.h5ad</c> file left on disk and read in row blocks (anndata's backed mode), so a pass over the cells
/// holds one block, not the matrix.
/// </summary>
public interface ICellRows
{
    /// <summary>Number of rows (cells).</summary>
    int RowCount { get; }

    /// <summary>Number of columns (genes).</summary>
    int ColumnCount { get; }

    /// <summary>Number of stored entries of the whole matrix (may exceed 2^31 when the rows stay on disk).</summary>
    long StoredCount { get; }

    /// <summary>Number of stored entries in the rows before <paramref name="row"/> (CSR's row pointer).</summary>
    /// <param name="row">A row, or <see cref="RowCount"/> for the total.</param>
    long StoredBefore(int row);

    /// <summary>Rows <paramref name="firstRow"/> … <paramref name="firstRow"/> + <paramref name="rowCount"/> − 1 as a matrix of their own.</summary>
    /// <param name="firstRow">The first row.</param>
    /// <param name="rowCount">How many rows.</param>
    /// <exception cref="DataFormatException">The rows on disk are damaged; the message names the file and the element.</exception>
    CsrMatrix ReadRows(int firstRow, int rowCount);

    /// <summary>
    /// The rows in order, in blocks of about <paramref name="rowsPerBlock"/> rows: a matrix in memory is one block, itself;
    /// rows on disk are read a block at a time.
    /// </summary>
    /// <param name="rowsPerBlock">Rows per block read from disk.</param>
    IEnumerable<CsrMatrix> Blocks(int rowsPerBlock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerBlock, 1);
        for (var first = 0; first < RowCount; first += rowsPerBlock)
        {
            yield return ReadRows(first, Math.Min(rowsPerBlock, RowCount - first));
        }
    }
}
