using PllmML.Data.H5ad;
using PllmML.Data.Text;
using PllmML.Data.TenX;

namespace PllmML.Data;

/// <summary>
/// Entry points that work on any supported file: tell what a path holds, and read or write single-cell data in
/// whichever format the path names (<c>.h5ad</c> file or 10x folder).
/// </summary>
public static class DataFiles
{
    private static readonly byte[] HdfSignature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];

    /// <summary>Tells what a path holds, from its content (not its name).</summary>
    /// <param name="path">A file or a folder.</param>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="DataFormatException">The content is none of the supported kinds.</exception>
    public static DataFileKind Detect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            TenXFiles.Locate(path);
            return DataFileKind.TenXFolder;
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"File not found: {path}", path);
        }

        if (StartsWithHdfSignature(path))
        {
            return DetectHdf(path);
        }

        if (TenXFolderOf(path) is not null)
        {
            return DataFileKind.TenXFolder;
        }

        return FirstCharacter(path) == '>' ? DataFileKind.ProteinFasta : DetectTable(path);
    }

    /// <summary>
    /// The 10x folder a file belongs to (for <c>matrix.mtx.gz</c>, <c>features.tsv.gz</c>, … beside the other
    /// files of a complete 10x folder), or <c>null</c>. Users often point at the matrix file; the data is the folder.
    /// </summary>
    /// <param name="path">A file.</param>
    public static string? TenXFolderOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        name = name.EndsWith(".gz", StringComparison.Ordinal) ? name[..^3] : name;
        string[] members = [TenXFiles.MatrixName, TenXFiles.FeaturesName, TenXFiles.LegacyFeaturesName,
            TenXFiles.BarcodesName, TenXFiles.CellTableName];
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!members.Contains(name, StringComparer.Ordinal) || folder is null)
        {
            return null;
        }

        try
        {
            return TenXFiles.Locate(folder).Folder;
        }
        catch (DataFormatException)
        {
            return null;
        }
    }

    /// <summary>Reads single-cell data from an <c>.h5ad</c> file, a 10x folder or a Cell Ranger <c>.h5</c> file.</summary>
    /// <param name="path">The file or folder.</param>
    /// <param name="makeNamesUnique">
    /// Rename repeated cell and gene names (anndata's make-unique) instead of failing. 10x gene symbols are always
    /// made unique, as <c>scanpy.read_10x_mtx</c> does.
    /// </param>
    /// <param name="genome">
    /// For a Cell Ranger <c>.h5</c> file with several genomes, the one to read (scanpy's <c>genome=</c>); such a
    /// file is refused without it, with the list of its genomes. Ignored by the other formats.
    /// </param>
    /// <exception cref="DataFormatException">The path holds no single-cell data, or the data are malformed.</exception>
    public static SingleCellReadResult ReadCells(string path, bool makeNamesUnique = false, string? genome = null) =>
        ReadCells(path, makeNamesUnique, genome, backed: false);

    /// <summary>
    /// Reads single-cell data as <see cref="ReadCells(string, bool, string?)"/> does; with <paramref name="backed"/>, X of an
    /// <c>.h5ad</c> file stored as CSR, and the counts of a Cell Ranger <c>.h5</c> file, stay on disk and are read a block of
    /// cells at a time (<see cref="CellMatrix.Rows"/>); layers and raw are read as usual.
    /// </summary>
    /// <param name="path">A file or folder.</param>
    /// <param name="makeNamesUnique">Whether repeated names are made unique instead of refused.</param>
    /// <param name="genome">For a multi-genome Cell Ranger <c>.h5</c> file, the genome to read.</param>
    /// <param name="backed">Whether X of an <c>.h5ad</c> or Cell Ranger <c>.h5</c> file stays on disk (anndata's backed mode).</param>
    /// <exception cref="DataFormatException">The path holds no single-cell data, or the data are malformed.</exception>
    public static SingleCellReadResult ReadCells(string path, bool makeNamesUnique, string? genome, bool backed)
    {
        var kind = Detect(path);
        switch (kind)
        {
            case DataFileKind.H5ad:
                var h5ad = H5adReader.ReadWithReport(path, new H5adReadOptions
                {
                    MakeNamesUnique = makeNamesUnique, BackedX = backed,
                });
                return new SingleCellReadResult(h5ad.Data, kind, H5adNotes(h5ad.Report));
            case DataFileKind.TenXFolder:
                var folder = Directory.Exists(path) ? path : TenXFolderOf(path)!;
                var tenX = TenXReader.ReadWithReport(folder, new TenXReadOptions { MakeBarcodesUnique = makeNamesUnique });
                return new SingleCellReadResult(tenX.Data, kind, TenXNotes(tenX.Report));
            case DataFileKind.TenXH5:
                var cellRanger = TenXH5Reader.Read(
                    path, new TenXReadOptions { MakeBarcodesUnique = makeNamesUnique, Genome = genome, BackedX = backed });
                return new SingleCellReadResult(cellRanger, kind, CellRangerNotes(cellRanger, genome));
            default:
                throw new DataFormatException(path, string.Empty,
                    $"holds a {Describe(kind)}, not single-cell data (expected an .h5ad file, a 10x folder or a Cell "
                    + "Ranger .h5 file)");
        }
    }

    /// <summary>
    /// Writes single-cell data: a path ending in <c>.h5ad</c> gets an anndata file, any other path a 10x folder.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="path">The target file or folder.</param>
    /// <returns>The format written.</returns>
    public static DataFileKind WriteCells(CellMatrix data, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith(".h5ad", StringComparison.OrdinalIgnoreCase))
        {
            H5adWriter.Write(data, path);
            return DataFileKind.H5ad;
        }

        TenXWriter.Write(data, path);
        return DataFileKind.TenXFolder;
    }

    /// <summary>A short human description of a kind, for messages.</summary>
    /// <param name="kind">The kind.</param>
    public static string Describe(DataFileKind kind) => kind switch
    {
        DataFileKind.H5ad => "anndata .h5ad file",
        DataFileKind.TenXFolder => "10x Genomics folder",
        DataFileKind.TenXH5 => "Cell Ranger HDF5 matrix",
        DataFileKind.ProteinFasta => "protein FASTA file",
        DataFileKind.OrthologTable => "ortholog table",
        _ => kind.ToString(),
    };

    private static DataFileKind DetectHdf(string path)
    {
        // Looking at the groups reads their link names: a damaged heap size must not be allocated by the sniffing either.
        Hdf5.HeapBounds.Check(path);
        try
        {
            using var file = PureHDF.H5File.OpenRead(path);
            return TenXH5Reader.IsCellRangerMatrix(file) ? DataFileKind.TenXH5 : DataFileKind.H5ad;
        }
        catch (OutOfMemoryException exception)
        {
            throw new DataFormatException(
                path, "HDF5 structure", "a size field asks for more memory than the file can hold (damaged file?)", exception);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return DataFileKind.H5ad; // a damaged HDF5 file: the h5ad reader names what is wrong
        }
    }

    private static DataFileKind DetectTable(string path)
    {
        try
        {
            Orthologs.OrthologTableReader.DetectKind(path);
            return DataFileKind.OrthologTable;
        }
        catch (DataFormatException exception)
        {
            throw new DataFormatException(path, string.Empty,
                "is not a supported input: expected an .h5ad file, a 10x folder, a protein FASTA file or an ortholog "
                + $"table ({exception.Problem})", exception);
        }
    }

    private static bool StartsWithHdfSignature(string path)
    {
        Span<byte> start = stackalloc byte[HdfSignature.Length];
        using var file = File.OpenRead(path);
        return file.Read(start) == start.Length && start.SequenceEqual(HdfSignature);
    }

    private static char? FirstCharacter(string path)
    {
        ThrowIfBinary(path);
        using var lines = TextInput.OpenLines(path);
        while (lines.TryReadLine(out var line))
        {
            var text = line.TrimStart();
            if (text.Length > 0)
            {
                return text[0];
            }
        }

        return null;
    }

    private static void ThrowIfBinary(string path)
    {
        var start = new byte[8192];
        int read;
        using (var stream = TextInput.OpenStream(path))
        {
            read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        }

        if (start.AsSpan(0, read).Contains((byte)0))
        {
            throw new DataFormatException(path, string.Empty,
                "is a binary file of an unsupported kind (an R .rda/.rds, a Seurat .rds or a loom file must first be "
                + "exported: to .h5ad with anndata or SeuratDisk/zellkonverter, or to a 10x folder with DropletUtils)");
        }
    }

    private static List<string> H5adNotes(H5adReadReport report)
    {
        var notes = new List<string>();
        if (report.LegacyLayout)
        {
            notes.Add("written by anndata < 0.7 (compound obs/var): read with that layout, as anndata does");
        }

        if (report.XAbsent)
        {
            notes.Add("the file stores no X (anndata writes none when adata.X is None): annotations only");
        }

        if (report.XWasDense)
        {
            notes.Add($"X was stored dense ({report.XStorageType}) and is held as CSR");
        }

        AddRenamed(notes, report.CellNamesRenamed, "cell");
        AddRenamed(notes, report.GeneNamesRenamed, "gene");
        notes.AddRange(report.SkippedElements.Select(s => "not read: " + s));
        return notes;
    }

    private static List<string> TenXNotes(TenXReadReport report)
    {
        var notes = new List<string>
        {
            $"matrix {Path.GetFileName(report.MatrixFile)} ({(report.IsInteger ? "integer" : "real")} counts), "
            + $"{Path.GetFileName(report.FeaturesFile)}, {Path.GetFileName(report.BarcodesFile)}"
            + (report.CellTableFile is null ? string.Empty : $", cell annotations from {Path.GetFileName(report.CellTableFile)}"),
        };
        AddRenamed(notes, report.RenamedGeneCount, "gene");
        AddRenamed(notes, report.RenamedBarcodeCount, "cell");
        return notes;
    }

    private static List<string> CellRangerNotes(CellMatrix data, string? genome)
    {
        var notes = new List<string>();
        if (genome is not null)
        {
            notes.Add($"genome {genome} (chosen with --genome)");
        }
        else if (data.Var.ColumnNames.Contains(TenXH5Reader.GenomeColumn)
            && data.Var[TenXH5Reader.GenomeColumn] is CategoricalColumn genomes)
        {
            notes.Add($"genome {string.Join(", ", genomes.Categories)}");
        }

        if (data.Var.ColumnNames.Contains(TenXReader.FeatureTypesColumn)
            && data.Var[TenXReader.FeatureTypesColumn] is CategoricalColumn types)
        {
            var counts = types.CountPerCategory();
            notes.Add("feature types: " + string.Join(", ", types.Categories.Select((t, i) => $"{t} ({counts[i]})")));
        }

        return notes;
    }

    private static void AddRenamed(List<string> notes, int count, string what)
    {
        if (count > 0)
        {
            notes.Add($"{count} repeated {what} names were made unique (later copies renamed name-1, name-2, …)");
        }
    }
}
