namespace PllmML.Data;

/// <summary>
/// Builds a <see cref="CsrMatrix"/> row by row without knowing the number of stored entries in advance; entries
/// of a row must be added in increasing column order.
/// </summary>
public sealed class CsrBuilder : ICsrRowSink
{
    private readonly int _rowCount;
    private readonly int _columnCount;
    private readonly int[] _rowPointers;
    private int[] _columns;
    private float[] _values;
    private int _row;
    private int _stored;

    /// <summary>Starts an empty matrix of the given shape.</summary>
    /// <param name="rowCount">Number of rows to come.</param>
    /// <param name="columnCount">Number of columns.</param>
    /// <param name="expectedStored">Capacity hint for the number of stored entries.</param>
    public CsrBuilder(int rowCount, int columnCount, int expectedStored = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        _rowCount = rowCount;
        _columnCount = columnCount;
        _rowPointers = new int[rowCount + 1];
        _columns = new int[Math.Max(16, expectedStored)];
        _values = new float[_columns.Length];
    }

    /// <summary>Adds an entry to the current row.</summary>
    /// <param name="column">Its column; greater than the previous column of this row.</param>
    /// <param name="value">Its value.</param>
    public void Add(int column, float value)
    {
        if (_row >= _rowCount)
        {
            throw new InvalidOperationException($"All {_rowCount} rows are complete.");
        }

        if (_stored == _columns.Length)
        {
            var capacity = NextCapacity(_columns.Length);
            Array.Resize(ref _columns, capacity);
            Array.Resize(ref _values, capacity);
        }

        _columns[_stored] = column;
        _values[_stored] = value;
        _stored++;
    }

    /// <summary>Closes the current row and starts the next.</summary>
    public void EndRow()
    {
        if (_row >= _rowCount)
        {
            throw new InvalidOperationException($"All {_rowCount} rows are complete.");
        }

        _row++;
        _rowPointers[_row] = _stored;
    }

    /// <summary>
    /// The most stored values a CSR matrix can hold: the longest .NET array of 4-byte elements
    /// (<see cref="Array.MaxLength"/>, 2,147,483,591), about 1.07 million cells at 2,000 genes each.
    /// </summary>
    public static int MaxStoredCount => Array.MaxLength;

    /// <summary>
    /// The capacity after <paramref name="capacity"/> is full: twice as much, computed in 64 bits and capped at
    /// <see cref="MaxStoredCount"/> (doubling in 32 bits overflowed at 2^30 stored values, half what an array holds).
    /// </summary>
    /// <param name="capacity">The full capacity.</param>
    /// <exception cref="InvalidOperationException">The capacity is already <see cref="MaxStoredCount"/>.</exception>
    internal static int NextCapacity(int capacity)
    {
        if (capacity >= MaxStoredCount)
        {
            throw new InvalidOperationException(
                $"The matrix would store more than {MaxStoredCount:N0} values, the most one CSR matrix holds (the "
                + "longest .NET array); split the cells into blocks.");
        }

        return (int)Math.Min(2L * Math.Max(capacity, 8), MaxStoredCount);
    }

    /// <summary>The finished matrix; every row must have been ended.</summary>
    public CsrMatrix Build()
    {
        if (_row != _rowCount)
        {
            throw new InvalidOperationException($"Only {_row} of {_rowCount} rows were ended.");
        }

        Array.Resize(ref _columns, _stored);
        Array.Resize(ref _values, _stored);
        return new CsrMatrix(_rowCount, _columnCount, _rowPointers, _columns, _values);
    }
}
