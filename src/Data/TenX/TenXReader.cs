namespace PllmML.Data.TenX;

/// <summary>
/// Reads a 10x Genomics (Cell Ranger MEX) folder: <c>matrix.mtx[.gz]</c> (genes × cells, MatrixMarket
/// <c>coordinate integer|real general</c>), <c>features.tsv[.gz]</c> (Cell Ranger ≥ 3) or <c>genes.tsv[.gz]</c>
/// (Cell Ranger 2), <c>barcodes.tsv[.gz]</c> and, when present, a <c>cells.tsv</c> of cell annotations.
/// </summary>
/// <remarks>
/// Follows scanpy's <c>read_10x_mtx</c>: the matrix is transposed to cells × genes, gene symbols become the gene
/// names and repeated symbols are made unique by default, and <c>var</c> gets the columns <c>gene_ids</c> (or
/// <c>gene_symbols</c> when ids are the names) and <c>feature_types</c> (Cell Ranger ≥ 3). Gzip is detected by its
/// magic bytes. Every format problem throws <see cref="DataFormatException"/> naming the file and the line.
/// </remarks>
public static class TenXReader
{
    /// <summary>The <c>var</c> column holding the gene ids when symbols are the gene names (scanpy's name).</summary>
    public const string GeneIdsColumn = "gene_ids";

    /// <summary>The <c>var</c> column holding the gene symbols when ids are the gene names (scanpy's name).</summary>
    public const string GeneSymbolsColumn = "gene_symbols";

    /// <summary>The <c>var</c> column holding the feature types, e.g. <c>Gene Expression</c> (scanpy's name).</summary>
    public const string FeatureTypesColumn = "feature_types";

    /// <summary>Reads the folder.</summary>
    /// <param name="folder">The folder holding the matrix, features and barcodes files.</param>
    /// <param name="options">Reading options; <c>null</c> for the defaults.</param>
    /// <returns>The cells × genes data.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFormatException">A file is missing or malformed; the message names file and line.</exception>
    /// <exception cref="DuplicateNamesException">Names repeat and were not to be made unique.</exception>
    public static CellMatrix Read(string folder, TenXReadOptions? options = null) =>
        ReadWithReport(folder, options).Data;

    /// <summary>Reads the folder and reports which files were read, the matrix summary and the renamed names.</summary>
    /// <param name="folder">The folder holding the matrix, features and barcodes files.</param>
    /// <param name="options">Reading options; <c>null</c> for the defaults.</param>
    /// <returns>The data and the report.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFormatException">A file is missing or malformed; the message names file and line.</exception>
    /// <exception cref="DuplicateNamesException">Names repeat and were not to be made unique.</exception>
    public static TenXReadResult ReadWithReport(string folder, TenXReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        options ??= new TenXReadOptions();
        var files = TenXFiles.Locate(folder);
        var (header, x, sum) = MatrixMarketReader.ReadTransposed(files.Matrix);
        var features = FeatureTable.Read(files.Features, files.Matrix, header.Rows);
        var barcodes = NameFile.ReadBarcodes(files.Barcodes, files.Matrix, header.Columns);
        var (var, duplicateGenes, renamedGenes) = BuildVar(files.Features, features, options);
        var (obs, renamedBarcodes) = BuildObs(files, barcodes, options);
        var report = new TenXReadReport
        {
            Folder = folder,
            MatrixFile = files.Matrix,
            FeaturesFile = files.Features,
            BarcodesFile = files.Barcodes,
            CellTableFile = options.ReadCellTable ? files.CellTable : null,
            IsLegacyLayout = files.IsLegacy,
            IsInteger = header.IsInteger,
            MetadataJson = header.MetadataJson,
            CellCount = x.RowCount,
            GeneCount = x.ColumnCount,
            StoredCount = x.StoredCount,
            TotalCount = sum,
            DuplicateGeneNames = duplicateGenes,
            RenamedGeneCount = renamedGenes,
            RenamedBarcodeCount = renamedBarcodes,
        };
        return new TenXReadResult(new CellMatrix(x, obs, var), report);
    }

    internal static (AnnotationTable Var, IReadOnlyDictionary<string, int> Duplicates, int Renamed) BuildVar(
        string path, FeatureTable features, TenXReadOptions options)
    {
        var bySymbol = options.GeneNames == TenXGeneNames.Symbols;
        var var = new AnnotationTable(bySymbol ? features.Names : features.Ids);
        var.Set(bySymbol ? GeneIdsColumn : GeneSymbolsColumn, new StringColumn(bySymbol ? features.Ids : features.Names));
        if (features.Types is not null)
        {
            var.Set(FeatureTypesColumn, CategoricalColumn.FromValues(features.Types));
        }

        var duplicates = var.FindDuplicateNames();
        if (duplicates.Count > 0 && !options.MakeUnique)
        {
            var column = bySymbol ? "column 2 (gene symbols)" : "column 1 (gene ids)";
            throw new DuplicateNamesException(path, column, duplicates);
        }

        return (var, duplicates, duplicates.Count > 0 ? var.MakeNamesUnique() : 0);
    }

    private static (AnnotationTable Obs, int Renamed) BuildObs(
        TenXFiles files, string[] barcodes, TenXReadOptions options)
    {
        var obs = new AnnotationTable(barcodes);
        var duplicates = obs.FindDuplicateNames();
        if (duplicates.Count > 0 && !options.MakeBarcodesUnique)
        {
            throw new DuplicateNamesException(files.Barcodes, "barcodes", duplicates);
        }

        if (options.ReadCellTable && files.CellTable is not null)
        {
            CellTable.ReadInto(files.CellTable, files.Barcodes, obs);
        }

        return (obs, duplicates.Count > 0 ? obs.MakeNamesUnique() : 0);
    }
}
