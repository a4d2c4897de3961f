using System.Globalization;
using PllmML.Data.Hdf5;
using PureHDF;
using PureHDF.VOL.Native;

namespace PllmML.Data.H5ad;

/// <summary>
/// Reads anndata's <c>.h5ad</c> files (the on-disk format of scanpy and of Seurat conversions) into a
/// <see cref="CellMatrix"/>: X as CSR, CSC or dense (any integer or floating-point type); obs/var string,
/// categorical, numeric, boolean and nullable columns; obsm/varm arrays; layers; raw; uns.
/// </summary>
/// <remarks>
/// Values are converted to single precision, as scanpy computes. What the data model has no place for (graphs in
/// obsp/varp, data frames inside obsm, …) is listed in <see cref="H5adReadReport.SkippedElements"/>, never
/// dropped silently.
/// </remarks>
public static class H5adReader
{
    /// <summary>Reads a file.</summary>
    /// <param name="path">The <c>.h5ad</c> file.</param>
    /// <param name="options">Read options; defaults when <c>null</c>.</param>
    /// <exception cref="DataFormatException">The file is not a valid h5ad; the message names the HDF5 path.</exception>
    /// <exception cref="DuplicateNamesException">Cell or gene names repeat and make-unique was not asked for.</exception>
    public static CellMatrix Read(string path, H5adReadOptions? options = null) =>
        ReadWithReport(path, options).Data;

    /// <summary>Reads a file and reports what could not be carried over.</summary>
    /// <param name="path">The <c>.h5ad</c> file.</param>
    /// <param name="options">Read options; defaults when <c>null</c>.</param>
    /// <exception cref="DataFormatException">The file is not a valid h5ad; the message names the HDF5 path.</exception>
    /// <exception cref="DuplicateNamesException">Cell or gene names repeat and make-unique was not asked for.</exception>
    public static H5adReadResult ReadWithReport(string path, H5adReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new H5adReadOptions();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"File not found: {path}", path);
        }

        HeapBounds.Check(path);
        using var file = Open(path);
        var reader = new FileReader(new H5Element(path), new H5adReadReport(), options);
        try
        {
            return new H5adReadResult(reader.ReadRoot(file), reader.Report);
        }
        catch (OutOfMemoryException exception)
        {
            // PureHDF allocates what a (possibly damaged) heap or B-tree size field asks for before reading it.
            throw new DataFormatException(
                path, "HDF5 structure", "a size field asks for more memory than the file can hold (damaged file?)", exception);
        }
        catch (Exception exception) when (exception is not DataFormatException)
        {
            // PureHDF reports a damaged structure (a cut-off file, a broken B-tree) with its own plain exceptions.
            throw new DataFormatException(
                path, "HDF5 structure", $"the file is truncated or corrupt ({exception.Message})", exception);
        }
    }

    private static NativeFile Open(string path)
    {
        try
        {
            // Through a 1 MiB buffer: PureHDF reads every variable-length string (obs names, string columns) from the
            // global heap with reads of a few bytes each, one system call apiece when unbuffered (a million cells' names
            // and one string column: 21–26 s unbuffered, 2.1–2.7 s buffered). Reads larger than the buffer go straight
            // to the file.
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            try
            {
                return H5File.Open(new BufferedStream(stream, 1 << 20), leaveOpen: false);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }
        catch (Exception exception) when (exception is not IOException || exception is EndOfStreamException)
        {
            throw new DataFormatException(path, "file header", $"not an HDF5 file ({exception.Message})", exception);
        }
    }

    /// <summary>The state of one read: the file, the options and the report being filled.</summary>
    private sealed class FileReader(H5Element h5, H5adReadReport report, H5adReadOptions options)
    {
        public H5adReadReport Report => report;

        public CellMatrix ReadRoot(NativeFile file)
        {
            if (file.LinkExists("obs") && file.Get("obs") is IH5Dataset)
            {
                return ReadLegacyRoot(file);
            }

            var obs = ReadDataFrame(h5.Group(file, "obs", "/obs"), "/obs");
            var var = ReadDataFrame(h5.Group(file, "var", "/var"), "/var");
            report.CellNamesRenamed = CheckNames(obs, "/obs/_index");
            report.GeneNamesRenamed = CheckNames(var, "/var/_index");
            var data = ReadX(file, obs, var);
            ReadEmbeddings(file, "obsm", obs.RowCount, data.Obsm);
            ReadEmbeddings(file, "varm", var.RowCount, data.Varm);
            ReadLayers(file, data);
            ReadRaw(file, data);
            ReadUns(file, data.Uns);
            SkipNonEmpty(file, "obsp", "pairwise cell graphs (obsp) are not read");
            SkipNonEmpty(file, "varp", "pairwise gene graphs (varp) are not read");
            return data;
        }

        // anndata < 0.7 (0.5–0.6) stored obs, var, obsm and varm as compound (record) datasets, categorical codes with
        // their categories in uns/<column>_categories, and raw as raw.X/raw.var; read as anndata's legacy reader does.
        private CellMatrix ReadLegacyRoot(NativeFile file)
        {
            report.LegacyLayout = true;
            var uns = file.LinkExists("uns") && file.Get("uns") is IH5Group group ? group : null;
            var consumed = new HashSet<string>(StringComparer.Ordinal);
            var obs = ReadLegacyFrame(h5.Dataset(file, "obs", "/obs"), "/obs", uns, consumed);
            var var = ReadLegacyFrame(h5.Dataset(file, "var", "/var"), "/var", uns, consumed);
            report.CellNamesRenamed = CheckNames(obs, "/obs (index)");
            report.GeneNamesRenamed = CheckNames(var, "/var (index)");
            var data = ReadX(file, obs, var);
            ReadLegacyEmbeddings(file, "obsm", obs.RowCount, data.Obsm);
            ReadLegacyEmbeddings(file, "varm", var.RowCount, data.Varm);
            ReadLayers(file, data);
            if (file.LinkExists("raw.X"))
            {
                if (options.ReadRaw)
                {
                    var rawVar = file.LinkExists("raw.var")
                        ? ReadLegacyFrame(h5.Dataset(file, "raw.var", "/raw.var"), "/raw.var", null, consumed)
                        : var;
                    var rawX = ReadMatrix(file.Get("raw.X"), "/raw.X", data.CellCount, rawVar.RowCount, isX: false);
                    data.Raw = new RawData(rawX, rawVar);
                }
                else
                {
                    report.Skip("/raw.X", "raw was not asked for");
                }
            }

            ReadUns(file, data.Uns);
            foreach (var name in consumed)
            {
                data.Uns.Remove(name);
            }

            return data;
        }

        private AnnotationTable ReadLegacyFrame(IH5Dataset dataset, string path, IH5Group? uns, HashSet<string> consumed)
        {
            var members = dataset.Type.Class == H5DataTypeClass.Compound
                ? dataset.Type.Compound.Members
                : throw h5.Error(path, $"expected a compound dataset (anndata < 0.7 layout), found {H5Element.TypeName(dataset.Type)}");
            var records = h5.ReadRecords(dataset, path);
            if (members.Length == 0)
            {
                throw h5.Error(path, "the compound dataset has no members; the first one holds the names");
            }

            // The first member is the index (anndata's read_dataframe_legacy sets it as the index).
            var names = records.Select(r => r[members[0].Name] as string ?? string.Empty).ToArray();
            var table = new AnnotationTable(names, members[0].Name);
            foreach (var member in members.Skip(1))
            {
                var column = ReadLegacyColumn(records, member, $"{path} (member {member.Name})", uns, consumed);
                if (column is not null)
                {
                    table.Set(member.Name, column);
                }
            }

            return table;
        }

        private AnnotationColumn? ReadLegacyColumn(
            Dictionary<string, object>[] records, CompoundMember member, string path, IH5Group? uns, HashSet<string> consumed)
        {
            var values = records.Select(r => r[member.Name]).ToArray();
            var type = member.Type;
            var categoriesName = $"{member.Name}_categories";
            if (type.Class == H5DataTypeClass.FixedPoint && uns is not null && uns.LinkExists(categoriesName)
                && uns.Get(categoriesName) is IH5Dataset categoriesDataset)
            {
                consumed.Add(categoriesName);
                var categoriesPath = $"/uns/{categoriesName}";
                var categories = h5.ReadStrings(categoriesDataset, categoriesPath);
                var codes = values.Select(v => System.Convert.ToInt32(v, CultureInfo.InvariantCulture)).ToArray();
                return MakeCategorical(codes, categories, ordered: false, path);
            }

            return type.Class switch
            {
                H5DataTypeClass.Enumerated when type.Size == 1 =>
                    new BooleanColumn(values.Select(v => System.Convert.ToInt32(v, CultureInfo.InvariantCulture) != 0).ToArray()),
                H5DataTypeClass.String or H5DataTypeClass.VariableLength =>
                    new StringColumn(values.Select(v => v as string ?? string.Empty).ToArray()),
                H5DataTypeClass.FixedPoint or H5DataTypeClass.FloatingPoint => new NumericColumn(
                    values.Select(v => System.Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToArray(),
                    StorageType(type, path)),
                _ => SkipColumn(path, H5Element.TypeName(type)),
            };
        }

        private void ReadLegacyEmbeddings(IH5Group file, string name, int rows, Dictionary<string, DenseMatrix> target)
        {
            if (!file.LinkExists(name) || file.Get(name) is not IH5Dataset dataset)
            {
                return;
            }

            var path = $"/{name}";
            var records = h5.ReadRecords(dataset, path);
            if (records.Length != rows)
            {
                throw h5.Error(path, $"has {records.Length} records, expected {rows}");
            }

            foreach (var member in dataset.Type.Compound.Members)
            {
                var memberPath = $"{path} (member {member.Name})";
                var vectors = records.Select(r => r[member.Name] switch
                {
                    float[] floats => floats,
                    double[] doubles => Array.ConvertAll(doubles, v => (float)v),
                    _ => null,
                }).ToArray();
                if (rows == 0 || vectors.Any(v => v is null))
                {
                    report.Skip(memberPath, "only numeric vectors are read into embeddings");
                    continue;
                }

                var width = vectors[0]!.Length;
                var values = new float[rows * width];
                for (var row = 0; row < rows; row++)
                {
                    vectors[row]!.CopyTo(values, row * width);
                }

                target[member.Name] = new DenseMatrix(rows, width, values);
            }
        }

        private CellMatrix ReadX(NativeFile file, AnnotationTable obs, AnnotationTable var) =>
            !file.LinkExists("X") ? ReadWithoutX(obs, var)
            : !options.ReadX ? CellMatrix.WithoutX(obs, var, $"{h5.FilePath} (read without X)")
            : options.BackedX && file.Get("X") is IH5Group group && BackedCsrRows.TryOpenAnndata(h5, group, "/X", obs.RowCount, var.RowCount) is { } backed
                ? Backed(group, backed, obs, var)
                : new CellMatrix(ReadMatrix(file.Get("X"), "/X", obs.RowCount, var.RowCount, isX: true), obs, var);

        private CellMatrix Backed(IH5Group group, BackedCsrRows rows, AnnotationTable obs, AnnotationTable var)
        {
            report.XBacked = true;
            report.XStorageType = H5Element.TypeName(h5.Dataset(group, "data", "/X/data").Type);
            return new CellMatrix(rows, obs, var);
        }

        private CellMatrix ReadWithoutX(AnnotationTable obs, AnnotationTable var)
        {
            report.XAbsent = true;
            return CellMatrix.WithoutX(obs, var, h5.FilePath);
        }

        private int CheckNames(AnnotationTable table, string path)
        {
            var duplicates = table.FindDuplicateNames();
            if (duplicates.Count == 0)
            {
                return 0;
            }

            return options.MakeNamesUnique
                ? table.MakeNamesUnique()
                : throw new DuplicateNamesException(h5.FilePath, path, duplicates);
        }

        private AnnotationTable ReadDataFrame(IH5Group group, string path)
        {
            var encoding = h5.EncodingType(group, path);
            if (encoding is not (null or "dataframe"))
            {
                throw h5.Error(path, $"expected a dataframe, found encoding-type '{encoding}'");
            }

            var indexName = h5.ReadStringAttribute(group, "_index", path).FirstOrDefault() ?? "_index";
            var names = h5.ReadStrings(h5.Dataset(group, indexName, $"{path}/{indexName}"), $"{path}/{indexName}");
            var table = new AnnotationTable(names, indexName);
            foreach (var column in ColumnOrder(group, path, indexName))
            {
                var columnPath = $"{path}/{column}";
                var value = ReadColumn(group, column, columnPath);
                if (value is null)
                {
                    continue;
                }

                if (value.Length != names.Length)
                {
                    throw h5.Error(columnPath, $"the column has {value.Length} values, the index has {names.Length}");
                }

                table.Set(column, value);
            }

            return table;
        }

        private IEnumerable<string> ColumnOrder(IH5Group group, string path, string indexName)
        {
            var order = h5.ReadStringAttribute(group, "column-order", path);
            foreach (var name in order)
            {
                if (!group.LinkExists(name))
                {
                    throw h5.Error($"{path}/{name}", "listed in column-order but missing from the group");
                }
            }

            var unlisted = group.Children().Select(c => c.Name)
                .Where(n => n != indexName && n != "__categories" && !order.Contains(n));
            foreach (var name in unlisted)
            {
                report.Skip($"{path}/{name}", "not listed in the dataframe's column-order");
            }

            return order;
        }

        private AnnotationColumn? ReadColumn(IH5Group frame, string name, string path)
        {
            var element = frame.Get(name);
            var encoding = h5.EncodingType(element, path);
            return (element, encoding) switch
            {
                (IH5Group group, "categorical") => ReadCategorical(group, path),
                (IH5Group group, "nullable-integer") => ReadNullableInteger(group, path),
                (IH5Group group, "nullable-boolean") => ReadNullableBoolean(group, path),
                (IH5Dataset dataset, "string-array") => new StringColumn(h5.ReadStrings(dataset, path)),
                (IH5Dataset dataset, _) when dataset.AttributeExists("categories") =>
                    ReadLegacyCategorical(frame, dataset, name, path),
                (IH5Dataset dataset, null or "array") => ReadArrayColumn(dataset, path),
                _ => SkipColumn(path, encoding),
            };
        }

        private AnnotationColumn? SkipColumn(string path, string? encoding)
        {
            report.Skip(path, $"column of encoding-type '{encoding ?? "none"}' is not supported");
            return null;
        }

        private AnnotationColumn ReadArrayColumn(IH5Dataset dataset, string path)
        {
            var type = dataset.Type;
            if (H5Element.Shape(dataset).Length != 1)
            {
                throw h5.Error(path, "a dataframe column must be one-dimensional");
            }

            return type.Class switch
            {
                H5DataTypeClass.Enumerated => new BooleanColumn(h5.ReadBooleans(dataset, path)),
                H5DataTypeClass.String or H5DataTypeClass.VariableLength =>
                    new StringColumn(h5.ReadStrings(dataset, path)),
                _ => new NumericColumn(h5.ReadDoubles(dataset, path), StorageType(type, path)),
            };
        }

        private NumericType StorageType(IH5DataType type, string path) => H5Element.TypeName(type) switch
        {
            "float64" => NumericType.Float64,
            "float32" => NumericType.Float32,
            "float16" => NumericType.Float32,
            "int64" => NumericType.Int64,
            "int32" => NumericType.Int32,
            "int16" => NumericType.Int16,
            "int8" => NumericType.Int8,
            "uint64" => NumericType.UInt64,
            "uint32" => NumericType.UInt32,
            "uint16" => NumericType.UInt16,
            "uint8" => NumericType.UInt8,
            var other => throw h5.Error(path, $"unsupported element type {other}"),
        };

        private CategoricalColumn ReadCategorical(IH5Group group, string path)
        {
            var codes = h5.ReadInts(h5.Dataset(group, "codes", $"{path}/codes"), $"{path}/codes");
            var categories = h5.ReadStrings(
                h5.Dataset(group, "categories", $"{path}/categories"), $"{path}/categories");
            var ordered = group.AttributeExists("ordered") && ReadFlag(h5.Attribute(group, "ordered", path));
            return MakeCategorical(codes, categories, ordered, $"{path}/codes");
        }

        // anndata < 0.8 stored a categorical column as its codes, with the categories under __categories/<name>.
        private CategoricalColumn ReadLegacyCategorical(IH5Group frame, IH5Dataset codes, string name, string path)
        {
            var categoriesPath = $"{path[..path.LastIndexOf('/')]}/__categories/{name}";
            var legacy = h5.Group(frame, "__categories", categoriesPath);
            var categoriesDataset = h5.Dataset(legacy, name, categoriesPath);
            var categories = h5.ReadStrings(categoriesDataset, categoriesPath);
            var ordered = categoriesDataset.AttributeExists("ordered") && ReadFlag(h5.Attribute(categoriesDataset, "ordered", categoriesPath));
            return MakeCategorical(h5.ReadInts(codes, path), categories, ordered, path);
        }

        private CategoricalColumn MakeCategorical(int[] codes, string[] categories, bool ordered, string path)
        {
            var problem = CategoricalColumn.FindProblem(codes, categories);
            return problem is null ? new CategoricalColumn(codes, categories, ordered) : throw h5.Error(path, problem);
        }

        private NumericColumn ReadNullableInteger(IH5Group group, string path)
        {
            var values = h5.ReadDoubles(h5.Dataset(group, "values", $"{path}/values"), $"{path}/values");
            var mask = h5.ReadBooleans(h5.Dataset(group, "mask", $"{path}/mask"), $"{path}/mask");
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = mask[i] ? double.NaN : values[i];
            }

            report.Skip(path, "nullable integers are read as float64 with NaN for missing values");
            return new NumericColumn(values, NumericType.Float64);
        }

        private CategoricalColumn ReadNullableBoolean(IH5Group group, string path)
        {
            var values = h5.ReadBooleans(h5.Dataset(group, "values", $"{path}/values"), $"{path}/values");
            var mask = h5.ReadBooleans(h5.Dataset(group, "mask", $"{path}/mask"), $"{path}/mask");
            var codes = values.Select((v, i) => mask[i] ? -1 : v ? 1 : 0).ToArray();
            report.Skip(path, "nullable booleans are read as a categorical column False/True with missing values");
            return new CategoricalColumn(codes, ["False", "True"]);
        }

        private static bool ReadFlag(IH5Attribute attribute) =>
            attribute.Type.Class == H5DataTypeClass.Enumerated || attribute.Type.Size == 1
                ? attribute.Read<byte>() != 0
                : attribute.Read<long>() != 0;

        private CsrMatrix ReadMatrix(IH5Object element, string path, int rows, int columns, bool isX)
        {
            var matrix = element switch
            {
                IH5Dataset dense => ReadDense(dense, path, isX),
                IH5Group group => ReadSparse(group, path, isX),
                _ => throw h5.Error(path, "expected a matrix"),
            };
            if (matrix.RowCount != rows || matrix.ColumnCount != columns)
            {
                throw h5.Error(path, $"the matrix is {matrix.RowCount} × {matrix.ColumnCount}, but obs has {rows} "
                    + $"rows and var has {columns}");
            }

            return matrix;
        }

        private CsrMatrix ReadDense(IH5Dataset dataset, string path, bool isX)
        {
            var shape = H5Element.Shape(dataset);
            if (shape.Length != 2)
            {
                throw h5.Error(path, $"expected a 2-d array, found {shape.Length} dimensions");
            }

            if (isX)
            {
                report.XWasDense = true;
                report.XStorageType = H5Element.TypeName(dataset.Type);
            }

            return CsrMatrix.FromDense((int)shape[0], (int)shape[1], h5.ReadFloats(dataset, path));
        }

        private CsrMatrix ReadSparse(IH5Group group, string path, bool isX)
        {
            var encoding = h5.EncodingType(group, path) ?? (group.AttributeExists("h5sparse_format")
                ? h5.Attribute(group, "h5sparse_format", path).Read<string>() + "_matrix"
                : null);
            if (encoding is not ("csr_matrix" or "csc_matrix"))
            {
                throw h5.Error(path, $"expected csr_matrix or csc_matrix, found encoding-type '{encoding}'");
            }

            var shape = h5.ReadShapeAttribute(group, path);
            var data = h5.Dataset(group, "data", $"{path}/data");
            if (isX)
            {
                report.XStorageType = H5Element.TypeName(data.Type);
            }

            var values = h5.ReadFloats(data, $"{path}/data");
            if (values.Length > 0 && Array.TrueForAll(values, value => value == 0))
            {
                // Sparse writers store no zeros; all-zero data is what a damaged chunk index reads as (missing
                // chunks come back as the fill value), which h5py rejects.
                throw h5.Error($"{path}/data", $"all {values.Length} stored values are 0: a sparse matrix stores only non-zeros, so the data chunks are missing or their index is damaged");
            }

            var indices = h5.ReadInts(h5.Dataset(group, "indices", $"{path}/indices"), $"{path}/indices");
            var pointers = h5.ReadInts(h5.Dataset(group, "indptr", $"{path}/indptr"), $"{path}/indptr");
            var csr = encoding == "csr_matrix";
            var (major, minor) = csr ? ((int)shape[0], (int)shape[1]) : ((int)shape[1], (int)shape[0]);
            var problem = SparseCanonicaliser.CanonicalProblem(major, minor, pointers, ref indices, ref values);
            if (problem is not null)
            {
                throw h5.Error(path, problem);
            }

            return csr
                ? CsrMatrix.FromChecked(major, minor, pointers, indices, values)
                : CsrMatrix.FromCsc(minor, major, pointers, indices, values);
        }

        private void ReadEmbeddings(IH5Group file, string name, int rows, Dictionary<string, DenseMatrix> target)
        {
            if (!file.LinkExists(name))
            {
                return;
            }

            foreach (var child in h5.Group(file, name, $"/{name}").Children())
            {
                var path = $"/{name}/{child.Name}";
                if (child is not IH5Dataset dataset || H5Element.Shape(dataset).Length != 2
                    || dataset.Type.Class is not (H5DataTypeClass.FloatingPoint or H5DataTypeClass.FixedPoint))
                {
                    report.Skip(path, "only dense numeric 2-d arrays are read into embeddings");
                    continue;
                }

                var shape = H5Element.Shape(dataset);
                if ((int)shape[0] != rows)
                {
                    throw h5.Error(path, $"the embedding has {shape[0]} rows, expected {rows}");
                }

                target[child.Name] = new DenseMatrix(rows, (int)shape[1], h5.ReadFloats(dataset, path));
            }
        }

        private void ReadLayers(IH5Group file, CellMatrix data)
        {
            if (!file.LinkExists("layers"))
            {
                return;
            }

            foreach (var child in h5.Group(file, "layers", "/layers").Children())
            {
                var path = $"/layers/{child.Name}";
                if (!options.ReadLayers)
                {
                    report.Skip(path, "layers were not asked for");
                    continue;
                }

                data.Layers[child.Name] = ReadMatrix(child, path, data.CellCount, data.GeneCount, isX: false);
            }
        }

        private void ReadRaw(IH5Group file, CellMatrix data)
        {
            if (!file.LinkExists("raw"))
            {
                return;
            }

            if (!options.ReadRaw)
            {
                report.Skip("/raw", "raw was not asked for");
                return;
            }

            var raw = h5.Group(file, "raw", "/raw");
            var var = ReadDataFrame(h5.Group(raw, "var", "/raw/var"), "/raw/var");
            var x = ReadMatrix(raw.Get("X"), "/raw/X", data.CellCount, var.RowCount, isX: false);
            data.Raw = new RawData(x, var);
            SkipNonEmpty(raw, "varm", "raw.varm is not read", "/raw/varm");
        }

        private void ReadUns(IH5Group file, Dictionary<string, object> target)
        {
            if (file.LinkExists("uns"))
            {
                ReadDictionary(h5.Group(file, "uns", "/uns"), "/uns", target);
            }
        }

        private void ReadDictionary(IH5Group group, string path, Dictionary<string, object> target)
        {
            foreach (var child in group.Children())
            {
                var childPath = $"{path}/{child.Name}";
                var value = ReadUnsValue(child, childPath);
                if (value is not null)
                {
                    target[child.Name] = value;
                }
            }
        }

        private object? ReadUnsValue(IH5Object element, string path)
        {
            if (element is IH5Group group)
            {
                if (h5.EncodingType(group, path) is "dict" or null)
                {
                    var nested = new Dictionary<string, object>(StringComparer.Ordinal);
                    ReadDictionary(group, path, nested);
                    return nested;
                }

                report.Skip(path, $"uns element of encoding-type '{h5.EncodingType(group, path)}' is not read");
                return null;
            }

            var dataset = (IH5Dataset)element;
            var shape = H5Element.Shape(dataset);
            var type = dataset.Type;
            var isText = type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength;
            return (shape.Length, type.Class) switch
            {
                (0, _) when isText => dataset.Read<string>(),
                (1, _) when isText => h5.ReadStrings(dataset, path),
                (0, H5DataTypeClass.Enumerated) => h5.ReadBooleans(dataset, path)[0],
                (0, H5DataTypeClass.FloatingPoint) => h5.ReadDoubles(dataset, path)[0],
                (0, H5DataTypeClass.FixedPoint) => (long)h5.ReadDoubles(dataset, path)[0],
                (1, H5DataTypeClass.Enumerated) => h5.ReadBooleans(dataset, path),
                (1, H5DataTypeClass.FloatingPoint) => h5.ReadDoubles(dataset, path),
                (1, H5DataTypeClass.FixedPoint) => h5.ReadDoubles(dataset, path).Select(v => (long)v).ToArray(),
                (2, H5DataTypeClass.FloatingPoint or H5DataTypeClass.FixedPoint) =>
                    new DenseMatrix((int)shape[0], (int)shape[1], h5.ReadFloats(dataset, path)),
                _ => SkipUns(path, $"{shape.Length}-d {H5Element.TypeName(type)} array"),
            };
        }

        private object? SkipUns(string path, string what)
        {
            report.Skip(path, $"{what} in uns is not read");
            return null;
        }

        private void SkipNonEmpty(IH5Group parent, string name, string reason, string? path = null)
        {
            if (parent.LinkExists(name) && parent.Get(name) is IH5Group group && group.Children().Any())
            {
                foreach (var child in group.Children())
                {
                    report.Skip($"{path ?? "/" + name}/{child.Name}", reason);
                }
            }
        }
    }
}
