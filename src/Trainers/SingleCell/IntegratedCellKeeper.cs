using Microsoft.ML.Data;
using PllmML.Data;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// Keeps the integrated cells' PCA scores (into one cells × components array) and hands their shared-gene counts to a
/// row sink in cell order: a block's rows wait until every block before it is through, then go in one at a time.
/// </summary>
/// <param name="cellCount">The batch's cells.</param>
/// <param name="blockSize">Cells per block (the loop's).</param>
/// <param name="sharedCounts">Receives the shared-gene counts, one row per cell in order.</param>
internal sealed class IntegratedCellKeeper(int cellCount, int blockSize, ICsrRowSink sharedCounts) : ICellKeeper<IntegratedCellOutput>
{
    private readonly VBuffer<float>[]?[] _waiting = new VBuffer<float>[]?[(cellCount + blockSize - 1) / blockSize];
    private readonly bool[] _done = new bool[(cellCount + blockSize - 1) / blockSize];
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
        var block = cell / blockSize;
        var rows = _waiting[block] ??= new VBuffer<float>[Math.Min(blockSize, cellCount - (block * blockSize))];
        output.SharedCounts.CopyTo(ref rows[cell - (block * blockSize)]);
    }

    /// <inheritdoc />
    public void BlockDone(int start, int count)
    {
        lock (_gate)
        {
            _done[start / blockSize] = true;
            for (; _next < _done.Length && _done[_next]; _next++)
            {
                foreach (var row in _waiting[_next] ?? [])
                {
                    AddRow(row);
                }

                _waiting[_next] = null;
            }
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

    private void AddRow(VBuffer<float> row)
    {
        var values = row.GetValues();
        var indices = row.IsDense ? default : row.GetIndices();
        for (var k = 0; k < values.Length; k++)
        {
            if (values[k] != 0)
            {
                sharedCounts.Add(row.IsDense ? k : indices[k], values[k]);
            }
        }

        sharedCounts.EndRow();
    }
}
