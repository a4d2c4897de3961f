using PureHDF;

namespace PllmML.Data.H5ad;

/// <summary>
/// Writes a <see cref="CellMatrix"/> as an anndata <c>.h5ad</c> file (encoding 0.1.0/0.2.0, as written by
/// anndata ≥ 0.8) that <c>anndata.read_h5ad</c> reads back with the same values, names, dtypes and categories.
/// </summary>
/// <remarks>
/// X and layers are written as CSR float32; obs/var columns keep their kind (categorical, string, numeric with its
/// stored dtype, boolean); obsm/varm as float32 arrays; uns recursively. A string column with missing values is
/// written as a categorical column, since anndata's string arrays cannot hold a missing value.
/// </remarks>
public static class H5adWriter
{
    private const string ArrayVersion = "0.2.0";
    private const string ContainerVersion = "0.1.0";

    // X written in blocks goes through memory a block at a time: 2^20 values (4 MiB each of data and indices). Its datasets
    // are contiguous: PureHDF's writer keeps every chunk of a chunked dataset in memory until the file is closed.
    private const int SpoolBlock = 1 << 20;

    /// <summary>Writes the file, replacing any file at that path.</summary>
    /// <param name="data">The data.</param>
    /// <param name="path">The <c>.h5ad</c> file to write.</param>
    /// <exception cref="NotSupportedException">A value in <c>uns</c> has a type the format cannot hold.</exception>
    public static void Write(CellMatrix data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(path);
        if (data.XIsBacked)
        {
            WriteBacked(data, path, data.Rows);
            return;
        }

        // Data read from a file without X is written without X, as anndata does for adata.X = None.
        var file = Contents(data, data.HasX ? SparseGroup(data.X) : null);
        WriteInPlace(path, partial => file.Write(partial));
    }

    // X left on disk goes from its file to the new one a block of rows at a time. Its row pointers are the file's; a file
    // storing repeated entries (which reading sums, as scipy's sum_duplicates) holds fewer after reading, and is then
    // counted in a first pass.
    private static void WriteBacked(CellMatrix data, string path, ICellRows x)
    {
        var pointers = new long[x.RowCount + 1];
        for (var row = 0; row <= x.RowCount; row++)
        {
            pointers[row] = x.StoredBefore(row);
        }

        try
        {
            WriteBlocks(data, path, x.RowCount, x.ColumnCount, pointers, RowBlocks(x, pointers), int.MaxValue);
        }
        catch (StoredCountChangedException)
        {
            var row = 0;
            foreach (var block in x.Blocks(RowsPerBlock(x, 0)))
            {
                for (var k = 0; k < block.RowCount; k++, row++)
                {
                    pointers[row + 1] = pointers[row] + block.RowPointers[k + 1] - block.RowPointers[k];
                }
            }

            WriteBlocks(data, path, x.RowCount, x.ColumnCount, pointers, RowBlocks(x, pointers), int.MaxValue);
        }
    }

    // The values in blocks of SpoolBlock from offset 0.
    private static IEnumerable<(long Offset, int[] Indices, float[] Values)> RowBlocks(ICellRows x, long[] pointers)
    {
        var (indices, values, filled, offset) = (new int[SpoolBlock], new float[SpoolBlock], 0, 0L);
        for (var first = 0; first < x.RowCount;)
        {
            var count = RowsPerBlock(x, first);
            var block = x.ReadRows(first, count);
            if (block.StoredCount != pointers[first + count] - pointers[first])
            {
                throw new StoredCountChangedException();
            }

            for (var taken = 0; taken < block.StoredCount;)
            {
                var length = Math.Min(block.StoredCount - taken, SpoolBlock - filled);
                block.ColumnIndices.AsSpan(taken, length).CopyTo(indices.AsSpan(filled));
                block.Values.AsSpan(taken, length).CopyTo(values.AsSpan(filled));
                (taken, filled) = (taken + length, filled + length);
                if (filled == SpoolBlock)
                {
                    yield return (offset, indices, values);
                    (indices, values, filled, offset) = (new int[SpoolBlock], new float[SpoolBlock], 0, offset + SpoolBlock);
                }
            }

            first += count;
        }

        if (filled > 0)
        {
            yield return (offset, indices[..filled], values[..filled]);
        }
    }

    // Rows from first on that store about SpoolBlock values (at least one row).
    private static int RowsPerBlock(ICellRows x, int first)
    {
        var end = first + 1;
        while (end < x.RowCount && x.StoredBefore(end + 1) - x.StoredBefore(first) <= SpoolBlock)
        {
            end++;
        }

        return end - first;
    }

    private sealed class StoredCountChangedException : Exception;

    /// <summary>
    /// Writes the file with X from a spool on disk, in blocks: what X needs in memory is one block, not the matrix,
    /// and X may store more than 2^31 values (indptr is then int64, as scipy and anndata write it).
    /// </summary>
    /// <param name="data">Everything but X (<see cref="CellMatrix.HasX"/> false), one cell per spooled row.</param>
    /// <param name="path">The <c>.h5ad</c> file to write.</param>
    /// <param name="x">X, one row per cell.</param>
    /// <exception cref="NotSupportedException">A value in <c>uns</c> has a type the format cannot hold.</exception>
    public static void Write(CellMatrix data, string path, CsrRowSpool x) => Write(data, path, x, int.MaxValue);

    /// <summary>As <see cref="Write(CellMatrix, string, CsrRowSpool)"/>, with indptr int64 once X stores more than <paramref name="largestInt32Pointer"/> values (tests lower it).</summary>
    internal static void Write(CellMatrix data, string path, CsrRowSpool x, long largestInt32Pointer)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(x);
        if (data.HasX || x.RowCount != data.CellCount || x.ColumnCount != data.GeneCount)
        {
            throw new ArgumentException($"The data must come without X and the spool must hold {data.CellCount} rows × {data.GeneCount} columns (it holds {x.RowCount} × {x.ColumnCount}).", nameof(x));
        }

        WriteBlocks(data, path, x.RowCount, x.ColumnCount, [.. x.RowPointers], x.ReadBlocks(SpoolBlock), largestInt32Pointer);
    }

    // data's own X, if any, is not read: X is what the blocks hold.
    private static void WriteBlocks(
        CellMatrix data, string path, int rowCount, int columnCount, long[] pointers, IEnumerable<(long Offset, int[] Indices, float[] Values)> blocks, long largestInt32Pointer)
    {
        var stored = (ulong)pointers[^1];
        var values = new H5Dataset<float[]>(fileDims: [stored]);
        var columns = new H5Dataset<int[]>(fileDims: [stored]);
        var attributes = Encoding("csr_matrix", ContainerVersion);
        attributes["shape"] = new long[] { rowCount, columnCount };
        var file = Contents(data, new H5Group
        {
            Attributes = attributes,
            ["data"] = values,
            ["indices"] = columns,
            ["indptr"] = pointers[^1] > largestInt32Pointer ? pointers : pointers.Select(pointer => (int)pointer).ToArray(),
        });
        WriteInPlace(path, partial =>
        {
            using var writer = file.BeginWrite(partial);
            foreach (var (offset, indices, block) in blocks)
            {
                var selection = new PureHDF.Selections.HyperslabSelection((ulong)offset, (ulong)block.Length);
                writer.Write(values, block, fileSelection: selection);
                writer.Write(columns, indices, fileSelection: selection);
            }
        });
    }

    private static H5File Contents(CellMatrix data, H5Group? x)
    {
        var file = new H5File
        {
            Attributes = Encoding("anndata", ContainerVersion),
            ["obs"] = DataFrame(data.Obs),
            ["var"] = DataFrame(data.Var),
            ["obsm"] = EmbeddingGroup(data.Obsm),
            ["varm"] = EmbeddingGroup(data.Varm),
            ["obsp"] = Dictionary(),
            ["varp"] = Dictionary(),
            ["layers"] = LayerGroup(data.Layers),
            ["uns"] = UnsGroup(data.Uns),
        };
        if (x is not null)
        {
            file["X"] = x;
        }

        if (data.Raw is not null)
        {
            file["raw"] = RawGroup(data.Raw);
        }

        return file;
    }

    private static void WriteInPlace(string path, Action<string> write)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        // Write beside the target and move into place, so a failed write never leaves a half file behind.
        var partial = path + ".partial";
        write(partial);
        File.Move(partial, path, overwrite: true);
    }

    private static Dictionary<string, object> Encoding(string type, string version) =>
        new(StringComparer.Ordinal) { ["encoding-type"] = type, ["encoding-version"] = version };

    private static H5Group Dictionary() => new() { Attributes = Encoding("dict", ContainerVersion) };

    private static H5Group SparseGroup(CsrMatrix matrix)
    {
        var attributes = Encoding("csr_matrix", ContainerVersion);
        attributes["shape"] = new long[] { matrix.RowCount, matrix.ColumnCount };
        return new H5Group
        {
            Attributes = attributes,
            ["data"] = matrix.Values.AsSpan(0, matrix.StoredCount).ToArray(),
            ["indices"] = matrix.ColumnIndices.AsSpan(0, matrix.StoredCount).ToArray(),
            ["indptr"] = matrix.RowPointers,
        };
    }

    private static H5Group DataFrame(AnnotationTable table)
    {
        var attributes = Encoding("dataframe", ArrayVersion);
        var columns = table.ColumnNames.Where(c => c != table.IndexName).ToArray();
        attributes["_index"] = table.IndexName;
        attributes["column-order"] = columns;
        var group = new H5Group
        {
            Attributes = attributes,
            [table.IndexName] = StringArray(table.Names),
        };
        foreach (var name in columns)
        {
            group[name] = Column(table[name]);
        }

        return group;
    }

    private static object Column(AnnotationColumn column) => column switch
    {
        CategoricalColumn categorical => Categorical(categorical),
        StringColumn { Values: var values } when values.Any(v => v is null) =>
            Categorical(CategoricalColumn.FromValues(values)),
        StringColumn strings => StringArray(strings.Values!),
        BooleanColumn booleans => Array(booleans.Values.Select(v => v ? HdfBoolean.TRUE : HdfBoolean.FALSE).ToArray()),
        NumericColumn numbers => Array(NumericArray(numbers)),
        _ => throw new NotSupportedException($"Cannot write a column of type {column.GetType().Name}."),
    };

    private static H5Group Categorical(CategoricalColumn column)
    {
        var attributes = Encoding("categorical", ArrayVersion);
        attributes["ordered"] = column.Ordered ? HdfBoolean.TRUE : HdfBoolean.FALSE;
        return new H5Group
        {
            Attributes = attributes,
            ["codes"] = Array(Codes(column)),
            ["categories"] = StringArray(column.Categories),
        };
    }

    // pandas stores codes in the smallest signed type that holds every category, and anndata keeps that type.
    private static object Codes(CategoricalColumn column) => column.Categories.Length switch
    {
        < sbyte.MaxValue => column.Codes.Select(c => (sbyte)c).ToArray(),
        < short.MaxValue => column.Codes.Select(c => (short)c).ToArray(),
        _ => column.Codes,
    };

    private static object NumericArray(NumericColumn column)
    {
        var values = column.Values;
        return column.StorageType switch
        {
            NumericType.Float64 => values,
            NumericType.Float32 => values.Select(v => (float)v).ToArray(),
            NumericType.Int64 => values.Select(v => (long)v).ToArray(),
            NumericType.Int32 => values.Select(v => (int)v).ToArray(),
            NumericType.Int16 => values.Select(v => (short)v).ToArray(),
            NumericType.Int8 => values.Select(v => (sbyte)v).ToArray(),
            NumericType.UInt64 => values.Select(v => (ulong)v).ToArray(),
            NumericType.UInt32 => values.Select(v => (uint)v).ToArray(),
            NumericType.UInt16 => values.Select(v => (ushort)v).ToArray(),
            NumericType.UInt8 => values.Select(v => (byte)v).ToArray(),
            _ => throw new NotSupportedException($"Unknown storage type {column.StorageType}."),
        };
    }

    private static H5Dataset Array(object values, ulong[]? shape = null) =>
        new(values, fileDims: shape) { Attributes = Encoding("array", ArrayVersion) };

    private static H5Dataset StringArray(string[] values) =>
        new(values) { Attributes = Encoding("string-array", ArrayVersion) };

    private static H5Group EmbeddingGroup(Dictionary<string, DenseMatrix> embeddings)
    {
        var group = Dictionary();
        foreach (var (name, matrix) in embeddings)
        {
            group[name] = DenseArray(matrix);
        }

        return group;
    }

    private static H5Dataset DenseArray(DenseMatrix matrix) =>
        Array(matrix.Values, [(ulong)matrix.RowCount, (ulong)matrix.ColumnCount]);

    private static H5Group LayerGroup(Dictionary<string, CsrMatrix> layers)
    {
        var group = Dictionary();
        foreach (var (name, layer) in layers)
        {
            group[name] = SparseGroup(layer);
        }

        return group;
    }

    private static H5Group RawGroup(RawData raw) => new()
    {
        Attributes = Encoding("raw", ContainerVersion),
        ["X"] = SparseGroup(raw.X),
        ["var"] = DataFrame(raw.Var),
        ["varm"] = Dictionary(),
    };

    private static H5Group UnsGroup(Dictionary<string, object> values)
    {
        var group = Dictionary();
        foreach (var (name, value) in values)
        {
            group[name] = UnsValue(name, value);
        }

        return group;
    }

    private static object UnsValue(string name, object value) => value switch
    {
        string text => new H5Dataset(text) { Attributes = Encoding("string", ArrayVersion) },
        string[] texts => StringArray(texts),
        bool flag => new H5Dataset(flag ? HdfBoolean.TRUE : HdfBoolean.FALSE)
        {
            Attributes = Encoding("numeric-scalar", ArrayVersion),
        },
        double or float or long or int => new H5Dataset(value) { Attributes = Encoding("numeric-scalar", ArrayVersion) },
        double[] or float[] or long[] or int[] => Array(value),
        bool[] flags => Array(flags.Select(v => v ? HdfBoolean.TRUE : HdfBoolean.FALSE).ToArray()),
        DenseMatrix matrix => DenseArray(matrix),
        Dictionary<string, object> nested => UnsGroup(nested),
        _ => throw new NotSupportedException(
            $"uns['{name}'] holds a {value.GetType().Name}; uns values must be strings, numbers, booleans, arrays of "
            + "those, matrices or nested dictionaries."),
    };
}
