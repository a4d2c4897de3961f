using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Data;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// The fit's input rows (the columns of <see cref="CellRow"/>, one row per cell, species after species) as a data view
/// that reads the counts only when a cursor asks for them: a pass for the species or the labels reads no counts, the
/// row count is known without a pass, and a cell's counts are aligned into a buffer the cursor reuses. Counts left on
/// disk are read a block of <see cref="GeneAlignment.BlockCells"/> cells at a time.
/// </summary>
internal sealed class CellRowsView : IDataView
{
    private readonly Source[] _sources;
    private readonly long _rows;

    /// <summary>Creates the view.</summary>
    /// <param name="mlContext">The context (the schema is that of <c>LoadFromEnumerable&lt;CellRow&gt;</c>, which the saved model records).</param>
    /// <param name="space">The shared gene space (each species' model genes).</param>
    /// <param name="inputs">The species' cells, in row order.</param>
    /// <param name="donorCovariate">Whether the donor column must exist.</param>
    /// <exception cref="ArgumentException">The donor covariate is on and an input has no donor column.</exception>
    public CellRowsView(MLContext mlContext, SharedGeneSpace space, IReadOnlyList<SpeciesData> inputs, bool donorCovariate)
    {
        Schema = mlContext.Data.LoadFromEnumerable(Array.Empty<CellRow>()).Schema;
        _sources = [.. inputs.Select(input =>
        {
            var labels = input.LabelKey is not null && input.Cells.Obs.TryGetColumn(input.LabelKey, out var labelColumn) ? labelColumn : null;
            AnnotationColumn? donors = null;
            if (donorCovariate && (input.DonorKey is null || !input.Cells.Obs.TryGetColumn(input.DonorKey, out donors)))
            {
                throw new ArgumentException($"{input.Source ?? input.Species}: the donor covariate needs a donor column; '{input.DonorKey}' is not in obs.");
            }

            return new Source(input.Species, input.Cells.Rows, GeneAlignment.Of(input.Cells.GeneNames, space[input.Species].ModelGenes), labels, donors);
        })];
        _rows = _sources.Sum(source => (long)source.Counts.RowCount);
    }

    /// <inheritdoc />
    public bool CanShuffle => false;

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <inheritdoc />
    public long? GetRowCount() => _rows;

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Any(column => column.Index == Schema[nameof(CellRow.Counts)].Index));

    /// <inheritdoc />
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed record Source(string Species, ICellRows Counts, GeneAlignment Alignment, AnnotationColumn? Labels, AnnotationColumn? Donors);

    private sealed class Cursor(CellRowsView view, bool readCounts) : DataViewRowCursor
    {
        private IEnumerator<CsrMatrix>? _blocks;
        private CsrMatrix? _block;
        private int _source;
        private int _cell = -1;
        private int _inBlock;
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => column.Index != view.Schema[nameof(CellRow.Counts)].Index || readCounts;

        public override bool MoveNext()
        {
            var sources = view._sources;
            while (_source < sources.Length)
            {
                var source = sources[_source];
                if (_cell + 1 < source.Counts.RowCount)
                {
                    _cell++;
                    _position++;
                    if (readCounts)
                    {
                        _blocks ??= source.Counts.Blocks(GeneAlignment.BlockCells).GetEnumerator();
                        if (_block is null || ++_inBlock == _block.RowCount)
                        {
                            _block = _blocks.MoveNext() ? _blocks.Current : throw new InvalidOperationException($"{source.Species}: the counts ended before cell {_cell} of {source.Counts.RowCount}.");
                            _inBlock = 0;
                        }
                    }

                    return true;
                }

                _blocks?.Dispose();
                _blocks = null;
                _block = null;
                _source++;
                _cell = -1;
            }

            return false;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Delegate getter = column.Name switch
            {
                nameof(CellRow.Species) => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = Current.Species.AsMemory()),
                nameof(CellRow.Label) => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = (Current.Labels?.FormatValue(_cell) ?? string.Empty).AsMemory()),
                nameof(CellRow.Donor) => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = (Current.Donors?.FormatValue(_cell) ?? string.Empty).AsMemory()),
                nameof(CellRow.Counts) when readCounts => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => Current.Alignment.Row(_block!, _inBlock, ref value)),
                _ => throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor."),
            };
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException($"Column '{column.Name}' is not of type {typeof(TValue).Name}.");
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _blocks?.Dispose();
                _blocks = null;
            }

            base.Dispose(disposing);
        }

        private Source Current => _position >= 0 && _source < view._sources.Length
            ? view._sources[_source]
            : throw new InvalidOperationException("The cursor is not on a row.");
    }
}
