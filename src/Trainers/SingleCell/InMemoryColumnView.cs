using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// A view of the fit's lazy chain that keeps one vector column (the variable genes) and the species in memory, sparse,
/// while the stages that re-read them are fitted: the scaling's one pass and the PCA's three. Without it each of those
/// passes reads every cell's counts from the input again (at a million cells, about a minute a pass of reading and
/// aligning a 16 GB input, normalising and selecting); with it they read memory. The first cursor that reads the
/// column through to its end fills the memory as it goes, so filling costs no pass of its own. The column's rows are
/// returned dense, each value the source's (the same bits); every other column comes from the
/// source, read beside the kept rows.
/// </summary>
/// <remarks>
/// The kept rows take 6 bytes per non-zero value (a float and a 16-bit gene index) and 16 bytes per row. When they
/// would exceed <c>budgetBytes</c>, or the column is wider than 65,536 values, the view keeps nothing and every cursor
/// reads the source, as without it. <see cref="Release"/> lets the memory go once the stages that re-read are fitted;
/// cursors already open keep what they read.
/// </remarks>
internal sealed class InMemoryColumnView : IDataView
{
    private readonly IDataView _source;
    private readonly int _chunkValues;
    private readonly DataViewSchema.Column _kept;
    private readonly DataViewSchema.Column _species;
    private readonly long _budgetBytes;
    private readonly object _gate = new();
    private Rows? _rows;
    private bool _filling;
    private bool _gaveUp;

    /// <summary>Creates the view; nothing is read until a cursor asks for <paramref name="column"/>.</summary>
    /// <param name="source">The chain upstream.</param>
    /// <param name="column">The vector-of-float column to keep.</param>
    /// <param name="budgetBytes">The most memory the kept rows may take.</param>
    /// <param name="chunkValues">Values per allocated chunk (a row never spans two).</param>
    public InMemoryColumnView(IDataView source, string column, long budgetBytes, int chunkValues = 1 << 22)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkValues);
        _chunkValues = chunkValues;
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _kept = DataViewColumns.Require(source.Schema, column);
        _species = DataViewColumns.Require(source.Schema, SingleCellColumns.Species);
        _budgetBytes = budgetBytes;
    }

    /// <summary>A third of the memory the runtime may use: the fit's other state at that point is a small part of it.</summary>
    public static long DefaultBudgetBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 3;

    /// <summary>How the column is held: in memory with its size, or read from the source.</summary>
    public string Summary
    {
        get
        {
            lock (_gate)
            {
                return _rows is { } rows
                    ? $"variable genes kept in memory ({rows.Bytes / 1048576.0:F0} MiB) for the passes of scaling and PCA"
                    : _gaveUp ? $"variable genes re-read from the input on each pass (more than {_budgetBytes / 1048576.0:F0} MiB to keep)" : "variable genes not read yet";
            }
        }
    }

    /// <inheritdoc />
    public bool CanShuffle => false;

    /// <inheritdoc />
    public DataViewSchema Schema => _source.Schema;

    /// <inheritdoc />
    public long? GetRowCount() => _source.GetRowCount();

    /// <summary>Lets the kept rows go; from now on every cursor reads the source.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _rows = null;
            _gaveUp = true;
        }
    }

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        if (!needed.Any(column => column.Index == _kept.Index))
        {
            return _source.GetRowCursor(needed, rand);
        }

        var others = needed.Where(column => column.Index != _kept.Index && column.Index != _species.Index).ToArray();
        lock (_gate)
        {
            if (_rows is { } rows)
            {
                return new KeptCursor(this, rows, others.Length == 0 ? null : _source.GetRowCursor(others));
            }

            if (!_filling && !_gaveUp && _kept.Type is VectorDataViewType vector && vector.ItemType == NumberDataViewType.Single)
            {
                _filling = true;
                return new FillingCursor(this, _source.GetRowCursor([.. others, _kept, _species]), new Rows(_chunkValues));
            }
        }

        return _source.GetRowCursor(needed, rand);
    }

    /// <inheritdoc />
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        return needed.Any(column => column.Index == _kept.Index) ? [GetRowCursor(needed, rand)] : _source.GetRowCursorSet(needed, n, rand);
    }

    private void EndFill(Rows? rows)
    {
        lock (_gate)
        {
            _filling = false;
            if (rows is null)
            {
                _gaveUp = true;
            }
            else if (!_gaveUp)
            {
                _rows = rows;
            }
        }
    }

    private void AbandonFill()
    {
        lock (_gate)
        {
            _filling = false;
        }
    }

    /// <summary>The kept rows: each row's non-zero values and gene indices in chunks, and its species.</summary>
    private sealed class Rows(int chunkValues)
    {
        private readonly List<float[]> _values = [];
        private readonly List<ushort[]> _genes = [];
        private readonly List<string> _speciesNames = [];
        private long[] _start = new long[1024];
        private int[] _lengths = new int[1024];
        private int[] _speciesCodes = new int[1024];
        private long _stored;

        public int Width { get; private set; } = -1;

        public long Count { get; private set; }

        public long Bytes => (_stored * (sizeof(float) + sizeof(ushort))) + (Count * (sizeof(long) + sizeof(int) + sizeof(int)));

        /// <summary>Adds a row; false when its width differs from the first row's or exceeds 16-bit indices.</summary>
        public bool Add(in VBuffer<float> row, ReadOnlySpan<char> species)
        {
            if (Width < 0)
            {
                if (row.Length > ushort.MaxValue + 1)
                {
                    return false;
                }

                Width = row.Length;
            }
            else if (row.Length != Width)
            {
                return false;
            }

            var values = row.GetValues();
            var indices = row.GetIndices();
            var nonZero = 0;
            foreach (var value in values)
            {
                nonZero += BitConverter.SingleToInt32Bits(value) != 0 ? 1 : 0;
            }

            if (nonZero > chunkValues)
            {
                return false;
            }

            var (chunk, offset) = Locate(_stored);
            if (offset + nonZero > chunkValues)
            {
                _stored = (long)(chunk + 1) * chunkValues;
                (chunk, offset) = (chunk + 1, 0);
            }

            while (_values.Count <= chunk)
            {
                _values.Add(new float[chunkValues]);
                _genes.Add(new ushort[chunkValues]);
            }

            var keptValues = _values[chunk];
            var keptGenes = _genes[chunk];
            for (var i = 0; i < values.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(values[i]) != 0)
                {
                    keptValues[offset] = values[i];
                    keptGenes[offset] = (ushort)(row.IsDense ? i : indices[i]);
                    offset++;
                }
            }

            if (Count == _start.Length)
            {
                Array.Resize(ref _start, checked(_start.Length * 2));
                Array.Resize(ref _lengths, _start.Length);
                Array.Resize(ref _speciesCodes, _start.Length);
            }

            _start[Count] = _stored;
            _lengths[Count] = nonZero;
            _stored += nonZero;
            _speciesCodes[Count] = SpeciesCode(species);
            Count++;
            return true;
        }

        /// <summary>Writes row <paramref name="row"/> densely into <paramref name="dense"/> (length <see cref="Width"/>).</summary>
        public void CopyTo(long row, Span<float> dense)
        {
            dense.Clear();
            var (chunk, offset) = Locate(_start[row]);
            var length = _lengths[row];
            var values = _values[chunk].AsSpan(offset, length);
            var genes = _genes[chunk].AsSpan(offset, length);
            for (var i = 0; i < length; i++)
            {
                dense[genes[i]] = values[i];
            }
        }

        public string SpeciesOf(long row) => _speciesNames[_speciesCodes[row]];

        private (int Chunk, int Offset) Locate(long position) => ((int)(position / chunkValues), (int)(position % chunkValues));

        private int SpeciesCode(ReadOnlySpan<char> species)
        {
            for (var i = _speciesNames.Count - 1; i >= 0; i--)
            {
                if (species.SequenceEqual(_speciesNames[i]))
                {
                    return i;
                }
            }

            _speciesNames.Add(species.ToString());
            return _speciesNames.Count - 1;
        }
    }

    /// <summary>Reads the source and keeps each row of the column as it passes; complete once the source ends.</summary>
    private sealed class FillingCursor : DataViewRowCursor
    {
        private readonly InMemoryColumnView _view;
        private readonly DataViewRowCursor _source;
        private readonly ValueGetter<VBuffer<float>> _keptGetter;
        private readonly ValueGetter<ReadOnlyMemory<char>> _speciesGetter;
        private Rows? _rows;
        private VBuffer<float> _row;
        private ReadOnlyMemory<char> _speciesValue;
        private bool _ended;

        public FillingCursor(InMemoryColumnView view, DataViewRowCursor source, Rows rows)
        {
            _view = view;
            _rows = rows;
            _source = source;
            _keptGetter = source.GetGetter<VBuffer<float>>(view._kept);
            _speciesGetter = source.GetGetter<ReadOnlyMemory<char>>(view._species);
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _source.Position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => _source.IsColumnActive(column);

        public override bool MoveNext()
        {
            if (!_source.MoveNext())
            {
                if (!_ended)
                {
                    _ended = true;
                    _view.EndFill(_rows);
                    _rows = null;
                }

                return false;
            }

            _keptGetter(ref _row);
            _speciesGetter(ref _speciesValue);
            if (_rows is not null && (!_rows.Add(_row, _speciesValue.Span) || _rows.Bytes > _view._budgetBytes))
            {
                _rows = null;
            }

            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index == _view._kept.Index)
            {
                return (ValueGetter<TValue>)(Delegate)(ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => _row.CopyTo(ref value));
            }

            if (column.Index == _view._species.Index)
            {
                return (ValueGetter<TValue>)(Delegate)(ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = _speciesValue);
            }

            return _source.GetGetter<TValue>(column);
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => _source.GetIdGetter();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                if (!_ended)
                {
                    _ended = true;
                    _view.AbandonFill();
                }

                _source.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Reads the kept rows, and any other column from a source cursor moved beside them.</summary>
    private sealed class KeptCursor(InMemoryColumnView view, Rows rows, DataViewRowCursor? source) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index == view._kept.Index || column.Index == view._species.Index || (source?.IsColumnActive(column) ?? false);

        public override bool MoveNext()
        {
            if (_position + 1 >= rows.Count)
            {
                _position = rows.Count;
                return false;
            }

            if (source is not null && !source.MoveNext())
            {
                throw new InvalidOperationException($"The source ended at row {_position + 1} of the {rows.Count} kept: the data changed between two reads.");
            }

            _position++;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index == view._kept.Index)
            {
                return (ValueGetter<TValue>)(Delegate)(ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                {
                    var editor = VBufferEditor.Create(ref value, rows.Width);
                    rows.CopyTo(_position, editor.Values);
                    value = editor.Commit();
                });
            }

            if (column.Index == view._species.Index)
            {
                return (ValueGetter<TValue>)(Delegate)(ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = rows.SpeciesOf(_position).AsMemory());
            }

            return source is not null ? source.GetGetter<TValue>(column) : throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                source?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
