using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PllmML.Data;

/// <summary>
/// A sparse matrix in compressed sparse row (CSR) form, rows = cells, columns = genes: the layout of
/// scipy's <c>csr_matrix</c> and of anndata's <c>X</c>. Values are held in single precision, as scanpy computes.
/// </summary>
/// <remarks>
/// Row <c>i</c> holds the entries <c>RowPointers[i] .. RowPointers[i + 1] - 1</c> of <see cref="ColumnIndices"/>
/// and <see cref="Values"/>. Column indices within a row are strictly increasing (canonical form); the
/// constructor checks every invariant, so a matrix that exists is valid.
/// </remarks>
public sealed class CsrMatrix : ICellRows
{
    /// <summary>Creates a matrix from its three CSR arrays; the arrays are taken over, not copied.</summary>
    /// <param name="rowCount">Number of rows (cells).</param>
    /// <param name="columnCount">Number of columns (genes).</param>
    /// <param name="rowPointers">Length <paramref name="rowCount"/> + 1; starts at 0, non-decreasing.</param>
    /// <param name="columnIndices">Column of each stored entry; strictly increasing within a row.</param>
    /// <param name="values">Value of each stored entry.</param>
    /// <exception cref="ArgumentException">The arrays do not form a canonical CSR matrix.</exception>
    public CsrMatrix(int rowCount, int columnCount, int[] rowPointers, int[] columnIndices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(rowPointers);
        ArgumentNullException.ThrowIfNull(columnIndices);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        var problem = FindProblem(rowCount, columnCount, rowPointers, columnIndices, values);
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }

        RowCount = rowCount;
        ColumnCount = columnCount;
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;
    }

    // For readers that have just run FindProblem on these arrays themselves (to name the broken field in their error):
    // the invariants are not walked a second time.
    private CsrMatrix(int rowCount, int columnCount, int[] rowPointers, int[] columnIndices, float[] values, bool _)
    {
        RowCount = rowCount;
        ColumnCount = columnCount;
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;
    }

    /// <summary>A matrix from arrays for which <see cref="FindProblem"/> has just returned <c>null</c>.</summary>
    internal static CsrMatrix FromChecked(int rowCount, int columnCount, int[] rowPointers, int[] columnIndices, float[] values) =>
        new(rowCount, columnCount, rowPointers, columnIndices, values, true);

    /// <summary>Number of rows (cells).</summary>
    public int RowCount { get; }

    /// <summary>Number of columns (genes).</summary>
    public int ColumnCount { get; }

    /// <summary>Row start offsets into <see cref="ColumnIndices"/> and <see cref="Values"/>; length rows + 1.</summary>
    public int[] RowPointers { get; }

    /// <summary>Column index of each stored entry.</summary>
    public int[] ColumnIndices { get; }

    /// <summary>Value of each stored entry.</summary>
    public float[] Values { get; }

    /// <summary>Number of stored entries.</summary>
    public int StoredCount => RowPointers[RowCount];

    /// <inheritdoc/>
    long ICellRows.StoredCount => StoredCount;

    /// <inheritdoc/>
    public long StoredBefore(int row) => RowPointers[row];

    /// <summary>Rows <paramref name="firstRow"/> … <paramref name="firstRow"/> + <paramref name="rowCount"/> − 1 as a matrix of their own (this matrix when that is all of it).</summary>
    /// <param name="firstRow">The first row.</param>
    /// <param name="rowCount">How many rows.</param>
    public CsrMatrix ReadRows(int firstRow, int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstRow, RowCount - rowCount);
        if (firstRow == 0 && rowCount == RowCount)
        {
            return this;
        }

        var start = RowPointers[firstRow];
        var end = RowPointers[firstRow + rowCount];
        var pointers = new int[rowCount + 1];
        for (var row = 0; row <= rowCount; row++)
        {
            pointers[row] = RowPointers[firstRow + row] - start;
        }

        return new CsrMatrix(rowCount, ColumnCount, pointers, ColumnIndices[start..end], Values[start..end]);
    }

    /// <summary>This matrix, as one block: it is in memory already.</summary>
    /// <param name="rowsPerBlock">Ignored.</param>
    public IEnumerable<CsrMatrix> Blocks(int rowsPerBlock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerBlock, 1);
        return [this];
    }

    /// <summary>Column indices of the stored entries of one row.</summary>
    /// <param name="row">The row.</param>
    public ReadOnlySpan<int> RowColumns(int row) =>
        ColumnIndices.AsSpan(RowPointers[row], RowPointers[row + 1] - RowPointers[row]);

    /// <summary>Values of the stored entries of one row.</summary>
    /// <param name="row">The row.</param>
    public ReadOnlySpan<float> RowValues(int row) =>
        Values.AsSpan(RowPointers[row], RowPointers[row + 1] - RowPointers[row]);

    /// <summary>The value at one position (0 where nothing is stored).</summary>
    /// <param name="row">The row.</param>
    /// <param name="column">The column.</param>
    public float this[int row, int column]
    {
        get
        {
            var at = RowColumns(row).BinarySearch(column);
            return at >= 0 ? Values[RowPointers[row] + at] : 0f;
        }
    }

    /// <summary>Sum of all values, in double precision.</summary>
    public double Sum()
    {
        var sum = 0.0;
        foreach (var value in Values.AsSpan(0, StoredCount))
        {
            sum += value;
        }

        return sum;
    }

    /// <summary>The sum of each row (total counts per cell), in double precision.</summary>
    public double[] RowSums()
    {
        var sums = new double[RowCount];
        for (var row = 0; row < RowCount; row++)
        {
            foreach (var value in RowValues(row))
            {
                sums[row] += value;
            }
        }

        return sums;
    }

    /// <summary>The number of stored non-zero values in each column (cells expressing each gene).</summary>
    public int[] ColumnNonZeroCounts()
    {
        var counts = new int[ColumnCount];
        for (var entry = 0; entry < StoredCount; entry++)
        {
            if (Values[entry] != 0f)
            {
                counts[ColumnIndices[entry]]++;
            }
        }

        return counts;
    }

    /// <summary>Builds a CSR matrix from a row-major dense array, storing only non-zero values.</summary>
    /// <param name="rowCount">Number of rows.</param>
    /// <param name="columnCount">Number of columns.</param>
    /// <param name="dense">Row-major values, length rows × columns.</param>
    public static CsrMatrix FromDense(int rowCount, int columnCount, ReadOnlySpan<float> dense)
    {
        if (dense.Length != (long)rowCount * columnCount)
        {
            throw new ArgumentException($"dense holds {dense.Length} values, expected {rowCount} × {columnCount}.");
        }

        var builder = new CsrBuilder(rowCount, columnCount);
        for (var row = 0; row < rowCount; row++)
        {
            var values = dense.Slice(row * columnCount, columnCount);
            for (var column = 0; column < columnCount; column++)
            {
                if (values[column] != 0f)
                {
                    builder.Add(column, values[column]);
                }
            }

            builder.EndRow();
        }

        return builder.Build();
    }

    /// <summary>
    /// Builds a CSR matrix from compressed sparse column (CSC) arrays, as scipy's <c>csc_matrix.tocsr()</c>.
    /// </summary>
    /// <param name="rowCount">Number of rows.</param>
    /// <param name="columnCount">Number of columns.</param>
    /// <param name="columnPointers">Length columns + 1.</param>
    /// <param name="rowIndices">Row of each stored entry.</param>
    /// <param name="values">Value of each stored entry.</param>
    public static CsrMatrix FromCsc(
        int rowCount, int columnCount, int[] columnPointers, int[] rowIndices, float[] values)
    {
        var transposed = new CsrMatrix(columnCount, rowCount, columnPointers, rowIndices, values);
        return transposed.Transpose();
    }

    /// <summary>The transposed matrix (genes × cells), in canonical CSR form.</summary>
    public CsrMatrix Transpose()
    {
        var pointers = new int[ColumnCount + 1];
        for (var entry = 0; entry < StoredCount; entry++)
        {
            pointers[ColumnIndices[entry] + 1]++;
        }

        for (var column = 0; column < ColumnCount; column++)
        {
            pointers[column + 1] += pointers[column];
        }

        var next = pointers[..^1];
        var indices = new int[StoredCount];
        var values = new float[StoredCount];
        for (var row = 0; row < RowCount; row++)
        {
            for (var entry = RowPointers[row]; entry < RowPointers[row + 1]; entry++)
            {
                var slot = next[ColumnIndices[entry]]++;
                indices[slot] = row;
                values[slot] = Values[entry];
            }
        }

        return new CsrMatrix(ColumnCount, RowCount, pointers, indices, values);
    }

    /// <summary>The rows at the given positions, in that order (a cell subset).</summary>
    /// <param name="rows">Row positions; may repeat.</param>
    public CsrMatrix SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var pointers = new int[rows.Count + 1];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            pointers[i + 1] = AddStored(pointers[i], RowPointers[row + 1] - RowPointers[row]);
        }

        var indices = new int[pointers[^1]];
        var values = new float[pointers[^1]];
        for (var i = 0; i < rows.Count; i++)
        {
            RowColumns(rows[i]).CopyTo(indices.AsSpan(pointers[i]));
            RowValues(rows[i]).CopyTo(values.AsSpan(pointers[i]));
        }

        return new CsrMatrix(rows.Count, ColumnCount, pointers, indices, values);
    }

    /// <summary>
    /// The columns at the given positions, in that order (a gene subset); every column may appear at most once.
    /// </summary>
    /// <param name="columns">Column positions.</param>
    public CsrMatrix SelectColumns(IReadOnlyList<int> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var newIndex = new int[ColumnCount];
        Array.Fill(newIndex, -1);
        for (var i = 0; i < columns.Count; i++)
        {
            if (newIndex[columns[i]] >= 0)
            {
                throw new ArgumentException($"Column {columns[i]} is selected twice.", nameof(columns));
            }

            newIndex[columns[i]] = i;
        }

        var builder = new CsrBuilder(RowCount, columns.Count);
        var row = new List<(int Column, float Value)>();
        for (var r = 0; r < RowCount; r++)
        {
            row.Clear();
            var rowColumns = RowColumns(r);
            var rowValues = RowValues(r);
            for (var k = 0; k < rowColumns.Length; k++)
            {
                var target = newIndex[rowColumns[k]];
                if (target >= 0)
                {
                    row.Add((target, rowValues[k]));
                }
            }

            row.Sort((a, b) => a.Column.CompareTo(b.Column));
            foreach (var (column, value) in row)
            {
                builder.Add(column, value);
            }

            builder.EndRow();
        }

        return builder.Build();
    }

    /// <summary>
    /// A row pointer plus a row's length, in 64 bits: the sum must stay within <see cref="CsrBuilder.MaxStoredCount"/>
    /// (a subset that repeats rows can exceed it; 32-bit addition would wrap to a negative pointer).
    /// </summary>
    /// <param name="pointer">The row pointer so far.</param>
    /// <param name="rowLength">The next row's number of stored values.</param>
    /// <exception cref="InvalidOperationException">The sum exceeds <see cref="CsrBuilder.MaxStoredCount"/>.</exception>
    internal static int AddStored(int pointer, int rowLength)
    {
        var sum = (long)pointer + rowLength;
        return sum <= CsrBuilder.MaxStoredCount
            ? (int)sum
            : throw new InvalidOperationException(
                $"The matrix would store {sum:N0} values, more than the {CsrBuilder.MaxStoredCount:N0} one CSR matrix "
                + "holds (the longest .NET array); split the cells into blocks.");
    }

    /// <summary>Row-major dense copy; use only for small matrices.</summary>
    public float[] ToDense()
    {
        var dense = new float[(long)RowCount * ColumnCount];
        for (var row = 0; row < RowCount; row++)
        {
            var columns = RowColumns(row);
            var values = RowValues(row);
            for (var k = 0; k < columns.Length; k++)
            {
                dense[((long)row * ColumnCount) + columns[k]] = values[k];
            }
        }

        return dense;
    }

    /// <summary>
    /// Checks the CSR invariants and returns a description of the first violation, or <c>null</c> when the arrays
    /// form a canonical CSR matrix. Readers use it to name the broken field in their own error.
    /// </summary>
    /// <param name="rowCount">Number of rows.</param>
    /// <param name="columnCount">Number of columns.</param>
    /// <param name="rowPointers">Row pointers.</param>
    /// <param name="columnIndices">Column indices.</param>
    /// <param name="values">Values.</param>
    public static string? FindProblem(
        int rowCount, int columnCount, int[] rowPointers, int[] columnIndices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(rowPointers);
        ArgumentNullException.ThrowIfNull(columnIndices);
        ArgumentNullException.ThrowIfNull(values);
        if (rowPointers.Length != rowCount + 1)
        {
            return $"indptr has {rowPointers.Length} entries, expected rows + 1 = {rowCount + 1}";
        }

        if (rowPointers[0] != 0)
        {
            return $"indptr[0] is {rowPointers[0]}, expected 0";
        }

        var stored = rowPointers[rowCount];
        if (stored > columnIndices.Length || stored > values.Length)
        {
            return $"indptr ends at {stored} but indices has {columnIndices.Length} and data {values.Length} entries";
        }

        return AllRowsCanonical(rowCount, columnCount, stored, rowPointers, columnIndices) ? null : FirstProblem(rowCount, columnCount, stored, rowPointers, columnIndices);
    }

    // Each index against the one before it, a vector at a time (a row's ~2,000 indices are most of a block's checking).
    private static bool StrictlyIncreasing(ReadOnlySpan<int> indices)
    {
        var entry = 1;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var first = ref MemoryMarshal.GetReference(indices);
            for (; entry + Vector256<int>.Count <= indices.Length; entry += Vector256<int>.Count)
            {
                var current = Vector256.LoadUnsafe(ref first, (nuint)entry);
                var previous = Vector256.LoadUnsafe(ref first, (nuint)(entry - 1));
                if (!Vector256.GreaterThanAll(current, previous))
                {
                    return false;
                }
            }
        }

        for (; entry < indices.Length; entry++)
        {
            if (indices[entry] <= indices[entry - 1])
            {
                return false;
            }
        }

        return true;
    }

    // One tight pass: pointers non-decreasing, indices strictly increasing within each row, and then only each row's
    // first and last index need the range check. Every block read from disk goes through it.
    private static bool AllRowsCanonical(int rowCount, int columnCount, int stored, int[] rowPointers, int[] columnIndices)
    {
        for (var row = 0; row < rowCount; row++)
        {
            var start = rowPointers[row];
            var end = rowPointers[row + 1];
            if (end < start || end > stored)
            {
                return false;
            }

            if (end == start)
            {
                continue;
            }

            if (columnIndices[start] < 0 || columnIndices[end - 1] >= columnCount)
            {
                return false;
            }

            if (!StrictlyIncreasing(columnIndices.AsSpan(start, end - start)))
            {
                return false;
            }
        }

        return true;
    }

    // The first violation in entry order, with its message (only run once a problem is known to exist).
    private static string? FirstProblem(int rowCount, int columnCount, int stored, int[] rowPointers, int[] columnIndices)
    {
        for (var row = 0; row < rowCount; row++)
        {
            if (rowPointers[row + 1] < rowPointers[row])
            {
                return $"indptr decreases at row {row} ({rowPointers[row]} → {rowPointers[row + 1]})";
            }

            if (rowPointers[row + 1] > stored)
            {
                return $"indptr[{row + 1}] is {rowPointers[row + 1]}, past the {stored} stored entries";
            }

            var previous = -1;
            for (var entry = rowPointers[row]; entry < rowPointers[row + 1]; entry++)
            {
                var column = columnIndices[entry];
                if (column < 0 || column >= columnCount)
                {
                    return $"index {column} at entry {entry} (row {row}) is outside 0..{columnCount - 1}";
                }

                if (column <= previous)
                {
                    return $"indices of row {row} are not strictly increasing at entry {entry} (column {column})";
                }

                previous = column;
            }
        }

        return null;
    }
}
