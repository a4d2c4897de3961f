namespace PllmML.Data.TenX;

/// <summary>Options of <see cref="TenXReader"/>; the defaults read a folder the way scanpy's <c>read_10x_mtx</c> does.</summary>
public sealed class TenXReadOptions
{
    /// <summary>Which feature column becomes the gene names; default <see cref="TenXGeneNames.Symbols"/>.</summary>
    public TenXGeneNames GeneNames { get; set; } = TenXGeneNames.Symbols;

    /// <summary>
    /// Whether repeated gene names are made unique (later copies get <c>-1</c>, <c>-2</c>, …), as scanpy's
    /// <c>make_unique=True</c> does; default <c>true</c>. When <c>false</c>, repeated names throw
    /// <see cref="DuplicateNamesException"/>.
    /// </summary>
    public bool MakeUnique { get; set; } = true;

    /// <summary>
    /// Whether repeated barcodes are made unique the same way; default <c>false</c>: repeated barcodes throw
    /// <see cref="DuplicateNamesException"/>.
    /// </summary>
    public bool MakeBarcodesUnique { get; set; }

    /// <summary>
    /// Which genome to read from a Cell Ranger <c>.h5</c> file that holds several (a barnyard or multi-species
    /// reference), by name (scanpy's <c>genome=</c>); default <c>null</c>, which reads a single-genome file and
    /// refuses a multi-genome one with a <see cref="DataFormatException"/> listing its genomes.
    /// </summary>
    public string? Genome { get; set; }

    /// <summary>
    /// Whether the counts of a Cell Ranger <c>.h5</c> file stay on disk and are read a block of cells at a time
    /// (<see cref="CellMatrix.Rows"/>, as anndata's backed mode for <c>.h5ad</c>); default <c>false</c>: read whole.
    /// Each block is checked as the whole matrix is. Ignored for 10x folders, whose text matrix is read whole.
    /// </summary>
    public bool BackedX { get; set; }

    /// <summary>Whether a <c>cells.tsv</c> next to the matrix is read into the cell annotations; default <c>true</c>.</summary>
    public bool ReadCellTable { get; set; } = true;
}
