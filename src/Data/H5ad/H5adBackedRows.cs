using PureHDF;

namespace PllmML.Data.H5ad;

/// <summary>
/// A CSR matrix of an <c>.h5ad</c> file (X) left on disk: the row pointers are read (and checked) once, each block of
/// rows is a hyperslab of <c>indices</c> and <c>data</c> read when asked for, checked as the whole-matrix reader checks
/// the matrix. Every read opens the file on its own, so blocks can be read from several threads at once.
/// </summary>
internal sealed class H5adBackedRows : ICellRows
{
    // A damaged chunk index reads as missing chunks, which come back as the fill value 0; a block this large storing
    // nothing but zeros is that, not data (sparse writers store no zeros).
    private const int ZeroBlockEvidence = 1024;

    private readonly H5Element _h5;
    private readonly string _element;
    private readonly long[] _pointers;
    private readonly long _length;
    private readonly DateTime _written;

    private H5adBackedRows(H5Element h5, string element, int rows, int columns, long[] pointers)
    {
        _h5 = h5;
        _element = element;
        RowCount = rows;
        ColumnCount = columns;
        _pointers = pointers;
        var info = new FileInfo(h5.FilePath);
        (_length, _written) = (info.Length, info.LastWriteTimeUtc);
    }

    /// <inheritdoc/>
    public int RowCount { get; }

    /// <inheritdoc/>
    public int ColumnCount { get; }

    /// <inheritdoc/>
    public long StoredCount => _pointers[^1];

    /// <summary>
    /// The matrix at <paramref name="element"/> when it is CSR (X of scanpy and anndata files), left on disk; null for
    /// any other storage (CSC, dense, the pre-0.7 layout), which the whole-matrix reader reads.
    /// </summary>
    public static H5adBackedRows? TryOpen(H5Element h5, IH5Group group, string element, int rows, int columns)
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
            ? new H5adBackedRows(h5, element, rows, columns, pointers)
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
        if (values.Length >= ZeroBlockEvidence && Array.TrueForAll(values, value => value == 0))
        {
            throw _h5.Error(where, $"all {values.Length} stored values of these rows are 0: a sparse matrix stores only non-zeros, so the data chunks are missing or their index is damaged");
        }

        var problem = SparseCanonicaliser.CanonicalProblem(rowCount, ColumnCount, pointers, ref indices, ref values);
        return problem is null
            ? CsrMatrix.FromChecked(rowCount, ColumnCount, pointers, indices, values)
            : throw _h5.Error(where, problem);
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
