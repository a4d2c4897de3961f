using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PureHDF;

namespace PllmML.Data.H5ad;

/// <summary>
/// A cells × genes CSR matrix of an HDF5 file left on disk — X of an <c>.h5ad</c> file, or the counts of a Cell Ranger
/// <c>.h5</c> file (genes × cells CSC, the same three datasets read the other way): the row pointers are read (and
/// checked) once, each block of rows is a hyperslab of <c>indices</c> and <c>data</c> read when asked for, checked as
/// the whole-matrix readers check the matrix. Every read opens the file on its own, so blocks can be read from several
/// threads at once.
/// </summary>
internal sealed class BackedCsrRows : ICellRows
{
    // A damaged chunk index reads as missing chunks, which come back as the fill value 0; a block this large storing
    // nothing but zeros is that, not data (sparse writers store no zeros).
    private const int ZeroBlockEvidence = 1024;

    private readonly H5Element _h5;
    private readonly string _element;
    private readonly long[] _pointers;
    private readonly long _length;
    private readonly DateTime _written;
    private readonly int _storedColumns;
    private readonly int[]? _columns;
    private readonly bool _counts;

    private BackedCsrRows(H5Element h5, string element, int rows, int storedColumns, long[] pointers, int[]? columns, bool counts)
    {
        _h5 = h5;
        _element = element;
        RowCount = rows;
        _storedColumns = storedColumns;
        _columns = columns;
        ColumnCount = columns?.Length ?? storedColumns;
        _counts = counts;
        _pointers = pointers;
        var info = new FileInfo(h5.FilePath);
        (_length, _written) = (info.Length, info.LastWriteTimeUtc);
    }

    /// <inheritdoc/>
    public int RowCount { get; }

    /// <inheritdoc/>
    public int ColumnCount { get; }

    /// <inheritdoc/>
    /// <remarks>With a column selection (one genome of a Cell Ranger file), the values stored in the file, of every column.</remarks>
    public long StoredCount => _pointers[^1];

    /// <summary>
    /// The matrix at <paramref name="element"/> when it is CSR (X of scanpy and anndata files), left on disk; null for
    /// any other storage (CSC, dense, the pre-0.7 layout), which the whole-matrix reader reads.
    /// </summary>
    public static BackedCsrRows? TryOpenAnndata(H5Element h5, IH5Group group, string element, int rows, int columns)
    {
        var encoding = h5.EncodingType(group, element) ?? (group.AttributeExists("h5sparse_format")
            ? h5.Attribute(group, "h5sparse_format", element).Read<string>() + "_matrix"
            : null);
        if (encoding != "csr_matrix")
        {
            return null;
        }

        var shape = h5.ReadShapeAttribute(group, element);
        if (shape.Length != 2 || shape[0] != rows || shape[1] != columns)
        {
            throw h5.Error(element, $"the matrix is {string.Join(" × ", shape)}, but obs has {rows} rows and var has {columns}");
        }

        return Open(h5, group, element, rows, columns, columns: null, counts: false);
    }

    /// <summary>
    /// The counts of a Cell Ranger <c>.h5</c> file's matrix group (<c>/matrix</c>, or a Cell Ranger 2 genome group), left
    /// on disk; the caller has checked its <c>shape</c>. Each block is checked as <c>TenXH5Reader</c> checks the whole
    /// matrix: counts finite and not negative.
    /// </summary>
    /// <param name="h5">The file.</param>
    /// <param name="group">The matrix group.</param>
    /// <param name="element">Its path, for the messages and the reads.</param>
    /// <param name="cells">Barcodes (rows).</param>
    /// <param name="features">Features stored (columns of the file).</param>
    /// <param name="columns">The features kept, in order (one genome of several); null for all.</param>
    public static BackedCsrRows OpenCellRanger(H5Element h5, IH5Group group, string element, int cells, int features, int[]? columns) =>
        Open(h5, group, element, cells, features, columns, counts: true);

    private static BackedCsrRows Open(H5Element h5, IH5Group group, string element, int rows, int storedColumns, int[]? columns, bool counts)
    {
        var data = h5.Dataset(group, "data", $"{element}/data");
        var indices = h5.Dataset(group, "indices", $"{element}/indices");
        if (data.Type.Class is not (H5DataTypeClass.FloatingPoint or H5DataTypeClass.FixedPoint or H5DataTypeClass.Enumerated))
        {
            throw h5.Error($"{element}/data", $"expected numbers, found {H5Element.TypeName(data.Type)}");
        }

        if (indices.Type.Class != H5DataTypeClass.FixedPoint)
        {
            throw h5.Error($"{element}/indices", $"expected integers, found {H5Element.TypeName(indices.Type)}");
        }

        var pointers = h5.ReadLongs(h5.Dataset(group, "indptr", $"{element}/indptr"), $"{element}/indptr");
        var stored = (long)Math.Min(H5Element.Shape(data).FirstOrDefault(), H5Element.Shape(indices).FirstOrDefault());
        var problem = PointerProblem(pointers, rows, stored);
        return problem is null
            ? new BackedCsrRows(h5, element, rows, storedColumns, pointers, columns, counts)
            : throw h5.Error($"{element}/indptr", problem);
    }

    /// <inheritdoc/>
    public long StoredBefore(int row) => _pointers[row];

    /// <inheritdoc/>
    public CsrMatrix ReadRows(int firstRow, int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstRow, RowCount - rowCount);
        var start = _pointers[firstRow];
        var count = _pointers[firstRow + rowCount] - start;
        if (count > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(rowCount), $"Rows {firstRow}–{firstRow + rowCount - 1} store {count} values, more than one block can hold: read fewer rows at a time.");
        }

        var (indices, values) = ReadStored(start, count);
        var pointers = new int[rowCount + 1];
        for (var row = 1; row <= rowCount; row++)
        {
            pointers[row] = (int)(_pointers[firstRow + row] - start);
        }

        var where = $"{_element} (rows {firstRow}–{firstRow + rowCount - 1})";
        if (values.Length >= ZeroBlockEvidence && TensorPrimitives.MaxMagnitude(values) == 0)
        {
            throw _h5.Error(where, $"all {values.Length} stored values of these rows are 0: a sparse matrix stores only non-zeros, so the data chunks are missing or their index is damaged");
        }

        var problem = SparseCanonicaliser.CanonicalProblem(rowCount, _storedColumns, pointers, ref indices, ref values)
            ?? (_counts ? CountProblem(values, start) : null);
        if (problem is not null)
        {
            throw _h5.Error(where, problem);
        }

        var block = CsrMatrix.FromChecked(rowCount, _storedColumns, pointers, indices, values);
        return _columns is null ? block : block.SelectColumns(_columns);
    }

    /// <summary>The first stored value that is not a count (the whole-matrix reader's message, numbered in the file).</summary>
    internal static string? CountProblem(float[] values, long start)
    {
        if (AllCounts(values))
        {
            return null;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]) || values[i] < 0)
            {
                return $"data[{start + i}] is {values[i]}; counts must be finite and not negative";
            }
        }

        return null;
    }

    // Whether every value lies in 0 … float.MaxValue (NaN does not), a vector at a time: one pass over a block.
    internal static bool AllCounts(ReadOnlySpan<float> values)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && values.Length >= Vector256<float>.Count)
        {
            var inRange = Vector256<float>.AllBitsSet;
            var largest = Vector256.Create(float.MaxValue);
            ref var first = ref MemoryMarshal.GetReference(values);
            for (; i + Vector256<float>.Count <= values.Length; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref first, (nuint)i);
                inRange &= Vector256.GreaterThanOrEqual(v, Vector256<float>.Zero) & Vector256.LessThanOrEqual(v, largest);
            }

            if (inRange.ExtractMostSignificantBits() != (1u << Vector256<float>.Count) - 1)
            {
                return false;
            }
        }

        for (; i < values.Length; i++)
        {
            if (!(values[i] >= 0 && values[i] <= float.MaxValue))
            {
                return false;
            }
        }

        return true;
    }

    private (int[] Indices, float[] Values) ReadStored(long start, long count)
    {
        var info = new FileInfo(_h5.FilePath);
        if (!info.Exists || info.Length != _length || info.LastWriteTimeUtc != _written)
        {
            throw _h5.Error(_element, "the file changed (or was removed) after it was opened: its rows cannot be read any more; read it again");
        }

        try
        {
            using var file = H5File.OpenRead(_h5.FilePath);
            var group = _h5.Group(file, _element.TrimStart('/'), _element);
            var indices = _h5.ReadInts(_h5.Dataset(group, "indices", $"{_element}/indices"), $"{_element}/indices", start, count);
            var values = _h5.ReadFloats(_h5.Dataset(group, "data", $"{_element}/data"), $"{_element}/data", start, count);
            return (indices, values);
        }
        catch (OutOfMemoryException exception)
        {
            throw _h5.Error(_element, "a size field asks for more memory than the file can hold (damaged file?)", exception);
        }
        catch (Exception exception) when (exception is not DataFormatException)
        {
            throw _h5.Error(_element, $"the file is truncated or corrupt ({exception.Message})", exception);
        }
    }

    private static string? PointerProblem(long[] pointers, int rows, long stored)
    {
        if (pointers.Length != rows + 1)
        {
            return $"indptr has {pointers.Length} entries, expected {rows + 1} (rows + 1)";
        }

        if (pointers[0] != 0)
        {
            return $"indptr starts at {pointers[0]}, not 0";
        }

        for (var row = 0; row < rows; row++)
        {
            if (pointers[row + 1] < pointers[row])
            {
                return $"indptr decreases at row {row} ({pointers[row]} → {pointers[row + 1]})";
            }
        }

        return pointers[^1] > stored
            ? $"indptr ends at {pointers[^1]}, but data and indices hold {stored} values"
            : null;
    }
}
