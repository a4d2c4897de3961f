namespace PllmML.Data;

/// <summary>
/// Some rows of rows left on disk, in a given order (a cell subset of a backed file): a block is read from the source
/// as runs of consecutive rows, so selecting cells reads no more than the rows kept and the gaps within one block.
/// </summary>
internal sealed class CellRowSubset : ICellRows
{
    private readonly ICellRows _source;
    private readonly int[] _rows;
    private readonly long[] _pointers;

    public CellRowSubset(ICellRows source, IReadOnlyList<int> rows)
    {
        _source = source;
        _rows = [.. rows];
        _pointers = new long[_rows.Length + 1];
        for (var i = 0; i < _rows.Length; i++)
        {
            var row = _rows[i];
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, source.RowCount);
            _pointers[i + 1] = _pointers[i] + source.StoredBefore(row + 1) - source.StoredBefore(row);
        }
    }

    public int RowCount => _rows.Length;

    public int ColumnCount => _source.ColumnCount;

    public long StoredCount => _pointers[^1];

    public long StoredBefore(int row) => _pointers[row];

    public CsrMatrix ReadRows(int firstRow, int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstRow, RowCount - rowCount);
        var wanted = _rows.AsSpan(firstRow, rowCount);
        if (wanted.IsEmpty)
        {
            return new CsrMatrix(0, ColumnCount, [0], [], []);
        }

        // One read from the first to the last source row when the kept rows are most of that span; else one per run.
        var (low, high) = (wanted[0], wanted[0]);
        foreach (var row in wanted)
        {
            low = Math.Min(low, row);
            high = Math.Max(high, row);
        }

        if (high - low + 1 <= 2 * rowCount)
        {
            var span = _source.ReadRows(low, high - low + 1);
            return span.SelectRows([.. wanted.ToArray().Select(row => row - low)]);
        }

        var pointers = new int[rowCount + 1];
        var indices = new int[_pointers[firstRow + rowCount] - _pointers[firstRow]];
        var values = new float[indices.Length];
        var (start, filled) = (0, 0);
        while (start < wanted.Length)
        {
            var end = start + 1;
            while (end < wanted.Length && wanted[end] == wanted[end - 1] + 1)
            {
                end++;
            }

            var run = _source.ReadRows(wanted[start], end - start);
            run.ColumnIndices.AsSpan(0, run.StoredCount).CopyTo(indices.AsSpan(filled));
            run.Values.AsSpan(0, run.StoredCount).CopyTo(values.AsSpan(filled));
            for (var row = 0; row < run.RowCount; row++)
            {
                pointers[start + row + 1] = filled + run.RowPointers[row + 1];
            }

            filled += run.StoredCount;
            start = end;
        }

        return new CsrMatrix(rowCount, ColumnCount, pointers, indices, values);
    }
}
