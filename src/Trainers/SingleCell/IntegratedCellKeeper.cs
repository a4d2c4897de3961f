using Microsoft.ML.Data;
using PllmML.Data;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// Keeps the integrated cells' PCA scores (into one cells × components array) and hands their shared-gene counts to a
/// row sink in cell order: a block's rows are copied into one reusable buffer as they come, wait until every block
/// before it is through, then go to the sink a row at a time. The buffers return to a pool, so the counts of a million
/// cells pass through a few of them, not through a million short-lived arrays.
/// </summary>
/// <param name="cellCount">The batch's cells.</param>
/// <param name="blockSize">Cells per block (the loop's).</param>
/// <param name="sharedCounts">Receives the shared-gene counts, one row per cell in order.</param>
internal sealed class IntegratedCellKeeper(int cellCount, int blockSize, ICsrRowSink sharedCounts) : ICellKeeper<IntegratedCellOutput>
{
    private readonly BlockRows?[] _waiting = new BlockRows?[(cellCount + blockSize - 1) / blockSize];
    private readonly bool[] _done = new bool[(cellCount + blockSize - 1) / blockSize];
    private readonly Stack<BlockRows> _pool = new();
    private readonly Lock _gate = new();
    private float[]? _pca;
    private int _next;

    /// <summary>The PCA scores, cells × <see cref="Components"/>.</summary>
    public DenseMatrix Pca => new(cellCount, Components, _pca ?? []);

    /// <summary>The PCA components per cell (0 before the first cell).</summary>
    public int Components { get; private set; }

    /// <inheritdoc />
    public void Keep(int cell, IntegratedCellOutput output)
    {
        var pca = Volatile.Read(ref _pca) ?? Allocate(output.Pca.Length);
        output.Pca.CopyTo(pca.AsSpan(cell * Components, Components));

        // A block's cells come one by one, in order, from the one thread running it.
        var block = cell / blockSize;
        var rows = _waiting[block] ??= Rent();
        rows.Add(output.SharedCounts);
    }

    /// <inheritdoc />
    public void BlockDone(int start, int count)
    {
        lock (_gate)
        {
            _done[start / blockSize] = true;
            for (; _next < _done.Length && _done[_next]; _next++)
            {
                if (_waiting[_next] is { } rows)
                {
                    rows.WriteTo(sharedCounts);
                    _pool.Push(rows);
                    _waiting[_next] = null;
                }
            }
        }
    }

    private BlockRows Rent()
    {
        lock (_gate)
        {
            return _pool.TryPop(out var rows) ? rows : new BlockRows();
        }
    }

    private float[] Allocate(int components)
    {
        lock (_gate)
        {
            if (_pca is null)
            {
                Components = components;
                Volatile.Write(ref _pca, new float[checked((long)cellCount * components)]);
            }

            return _pca;
        }
    }

    /// <summary>The non-zero shared-gene counts of a block's cells, row after row (CSR without the leading 0).</summary>
    private sealed class BlockRows
    {
        private int[] _columns = new int[1 << 16];
        private float[] _values = new float[1 << 16];
        private int[] _ends = new int[64];
        private int _stored;
        private int _rows;

        public void Add(VBuffer<float> row)
        {
            var values = row.GetValues();
            var indices = row.IsDense ? default : row.GetIndices();
            if (_stored + values.Length > _columns.Length)
            {
                var length = Math.Max(2 * _columns.Length, _stored + values.Length);
                Array.Resize(ref _columns, length);
                Array.Resize(ref _values, length);
            }

            for (var k = 0; k < values.Length; k++)
            {
                if (values[k] != 0)
                {
                    _columns[_stored] = row.IsDense ? k : indices[k];
                    _values[_stored++] = values[k];
                }
            }

            if (_rows == _ends.Length)
            {
                Array.Resize(ref _ends, 2 * _ends.Length);
            }

            _ends[_rows++] = _stored;
        }

        /// <summary>Hands the rows to <paramref name="sink"/> in order and empties the buffer.</summary>
        public void WriteTo(ICsrRowSink sink)
        {
            var begin = 0;
            for (var r = 0; r < _rows; r++)
            {
                sink.AddRow(_columns.AsSpan(begin, _ends[r] - begin), _values.AsSpan(begin, _ends[r] - begin));
                begin = _ends[r];
            }

            (_stored, _rows) = (0, 0);
        }
    }
}
