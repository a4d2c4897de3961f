using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace PllmML.Data;

/// <summary>
/// A sparse matrix received row by row and kept on disk, not in memory: the column indices and values go to two
/// files in a folder of the caller's choice (beside the output, where the space is), the row pointers (8 bytes a
/// row) stay in memory. Each buffer of 65,536 values is written in two bytes a value where it can be read back exactly:
/// column indices when there are at most 65,536 columns, values when every one is a whole number in 0 … 65,535 (raw
/// counts), else in four; the files then take half the bytes, and writing them is most of what a spool costs. The
/// stored count is 64-bit: a spool holds more than the 2^31 values one
/// <see cref="CsrMatrix"/> can. <see cref="H5ad.H5adWriter.Write(CellMatrix, string, CsrRowSpool)"/> writes it as X.
/// The files are deleted when the spool is disposed.
/// </summary>
public sealed class CsrRowSpool : ICsrRowSink, IDisposable
{
    private const int BufferLength = 1 << 16;

    private readonly FileStream _indices;
    private readonly FileStream _values;
    private readonly int[] _indexBuffer = new int[BufferLength];
    private readonly float[] _valueBuffer = new float[BufferLength];
    private readonly ushort[] _narrow = new ushort[BufferLength];
    private readonly float[] _widened = new float[BufferLength];
    private readonly List<(int Count, bool NarrowValues)> _written = [];
    private readonly List<long> _rowPointers = [0];
    private int _buffered;
    private int _lastColumn = -1;
    private bool _reading;

    /// <summary>Starts an empty spool.</summary>
    /// <param name="columnCount">Number of columns.</param>
    /// <param name="directory">The folder for the two spool files.</param>
    public CsrRowSpool(int columnCount, string directory)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        ColumnCount = columnCount;
        var stem = Path.Combine(directory, $".pllm-spool-{Guid.NewGuid():N}");
        _indices = Open(stem + ".indices");
        try
        {
            _values = Open(stem + ".values");
        }
        catch
        {
            _indices.Dispose();
            throw;
        }
    }

    /// <summary>Number of columns.</summary>
    public int ColumnCount { get; }

    /// <summary>Number of rows ended so far.</summary>
    public int RowCount => _rowPointers.Count - 1;

    /// <summary>Number of values stored so far (64-bit).</summary>
    public long StoredCount => Written + _buffered;

    /// <summary>The row pointers: <see cref="RowCount"/> + 1 offsets into the stored values.</summary>
    public IReadOnlyList<long> RowPointers => _rowPointers;

    private long Written { get; set; }

    /// <inheritdoc />
    public void Add(int column, float value)
    {
        CheckWritable();
        CheckColumn(column, _lastColumn, nameof(column));
        _lastColumn = column;
        _indexBuffer[_buffered] = column;
        _valueBuffer[_buffered] = value;
        if (++_buffered == BufferLength)
        {
            Flush();
        }
    }

    /// <summary>Adds a whole row at once: its columns are checked, then copied into the buffers in runs.</summary>
    /// <param name="columns">Its columns, increasing.</param>
    /// <param name="values">Its values, one per column.</param>
    public void AddRow(ReadOnlySpan<int> columns, ReadOnlySpan<float> values)
    {
        CheckWritable();
        if (columns.Length != values.Length)
        {
            throw new ArgumentException($"A row has {columns.Length} columns but {values.Length} values.", nameof(values));
        }

        var previous = _lastColumn;
        foreach (var column in columns)
        {
            CheckColumn(column, previous, nameof(columns));
            previous = column;
        }

        for (var done = 0; done < columns.Length;)
        {
            var run = Math.Min(columns.Length - done, BufferLength - _buffered);
            columns.Slice(done, run).CopyTo(_indexBuffer.AsSpan(_buffered));
            values.Slice(done, run).CopyTo(_valueBuffer.AsSpan(_buffered));
            done += run;
            if ((_buffered += run) == BufferLength)
            {
                Flush();
            }
        }

        _lastColumn = previous;
        EndRow();
    }

    /// <inheritdoc />
    public void EndRow()
    {
        CheckWritable();

        _rowPointers.Add(Written + _buffered);
        _lastColumn = -1;
    }

    /// <summary>
    /// Reads the stored values back in order, in blocks of at most <paramref name="blockLength"/>; no rows can be added
    /// afterwards.
    /// </summary>
    /// <param name="blockLength">The most values one block holds.</param>
    /// <returns>Each block: its offset among the stored values, its column indices and values (arrays of its length, reused by the next block: copy what you keep).</returns>
    public IEnumerable<(long Offset, int[] Indices, float[] Values)> ReadBlocks(int blockLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockLength, 1);
        Flush();
        _reading = true;
        var total = Written;
        _indices.Position = 0;
        _values.Position = 0;
        int[] indices = [];
        float[] values = [];
        var (chunk, taken) = (0, 0);
        for (long offset = 0; offset < total; offset += blockLength)
        {
            var length = (int)Math.Min(blockLength, total - offset);
            if (indices.Length != length)
            {
                indices = new int[length];
                values = new float[length];
            }

            for (var filled = 0; filled < length;)
            {
                if (taken == 0)
                {
                    ReadChunk(_written[chunk]);
                }

                var (count, _) = _written[chunk];
                var run = Math.Min(count - taken, length - filled);
                _indexBuffer.AsSpan(taken, run).CopyTo(indices.AsSpan(filled));
                _valueBuffer.AsSpan(taken, run).CopyTo(values.AsSpan(filled));
                (filled, taken) = (filled + run, taken + run);
                if (taken == count)
                {
                    (chunk, taken) = (chunk + 1, 0);
                }
            }

            yield return (offset, indices, values);
        }
    }

    // One flushed buffer back into _indexBuffer and _valueBuffer.
    private void ReadChunk((int Count, bool NarrowValues) chunk)
    {
        var indices = _indexBuffer.AsSpan(0, chunk.Count);
        var values = _valueBuffer.AsSpan(0, chunk.Count);
        var narrow = _narrow.AsSpan(0, chunk.Count);
        if (NarrowIndices)
        {
            _indices.ReadExactly(MemoryMarshal.AsBytes(narrow));
            TensorPrimitives.ConvertTruncating<ushort, int>(narrow, indices);
        }
        else
        {
            _indices.ReadExactly(MemoryMarshal.AsBytes(indices));
        }

        if (chunk.NarrowValues)
        {
            _values.ReadExactly(MemoryMarshal.AsBytes(narrow));
            TensorPrimitives.ConvertTruncating<ushort, float>(narrow, values);
        }
        else
        {
            _values.ReadExactly(MemoryMarshal.AsBytes(values));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Both files were opened DeleteOnClose.
        _indices.Dispose();
        _values.Dispose();
    }

    private void CheckWritable()
    {
        if (_reading)
        {
            throw new InvalidOperationException("The spool is being read back; no more rows can be added.");
        }
    }

    private void CheckColumn(int column, int previous, string parameter)
    {
        if ((uint)column >= (uint)ColumnCount || column <= previous)
        {
            throw new ArgumentOutOfRangeException(parameter, column, $"Columns of a row must increase, within 0..{ColumnCount - 1} (row {RowCount}, previous column {previous}).");
        }
    }

    // Columns fit in two bytes when there are at most 65,536 of them.
    private bool NarrowIndices => ColumnCount <= ushort.MaxValue + 1;

    // Whether every value reads back bit for bit from two bytes (then in _narrow): whole numbers 0 … 65,535 (not −0).
    private bool FitInTwoBytes(ReadOnlySpan<float> values)
    {
        var narrow = _narrow.AsSpan(0, values.Length);
        var widened = _widened.AsSpan(0, values.Length);
        TensorPrimitives.ConvertTruncating<float, ushort>(values, narrow);
        TensorPrimitives.ConvertTruncating<ushort, float>(narrow, widened);
        return MemoryMarshal.Cast<float, int>(values).SequenceEqual(MemoryMarshal.Cast<float, int>((ReadOnlySpan<float>)widened));
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 20, FileOptions.DeleteOnClose | FileOptions.SequentialScan);

    private void Flush()
    {
        if (_buffered == 0)
        {
            return;
        }

        var indices = _indexBuffer.AsSpan(0, _buffered);
        if (NarrowIndices)
        {
            TensorPrimitives.ConvertTruncating<int, ushort>(indices, _narrow);
            _indices.Write(MemoryMarshal.AsBytes(_narrow.AsSpan(0, _buffered)));
        }
        else
        {
            _indices.Write(MemoryMarshal.AsBytes(indices));
        }

        var values = _valueBuffer.AsSpan(0, _buffered);
        var narrowValues = FitInTwoBytes(values);
        if (narrowValues)
        {
            _values.Write(MemoryMarshal.AsBytes(_narrow.AsSpan(0, _buffered)));
        }
        else
        {
            _values.Write(MemoryMarshal.AsBytes(values));
        }

        _written.Add((_buffered, narrowValues));
        Written += _buffered;
        _buffered = 0;
    }
}
