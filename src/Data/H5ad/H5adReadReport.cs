namespace PllmML.Data.H5ad;

/// <summary>
/// What a read of an <c>.h5ad</c> file could not carry over into a <see cref="CellMatrix"/>, so that nothing is
/// lost silently: elements of kinds the data model has no place for, and names that were made unique.
/// </summary>
public sealed class H5adReadReport
{
    private readonly List<string> _skipped = [];

    /// <summary>
    /// Each element that was not read, as <c>HDF5 path: reason</c> (e.g. <c>/obsp/connectivities: graphs are not
    /// read</c>).
    /// </summary>
    public IReadOnlyList<string> SkippedElements => _skipped;

    /// <summary>Number of cell names renamed to make them unique.</summary>
    public int CellNamesRenamed { get; internal set; }

    /// <summary>Number of gene names renamed to make them unique.</summary>
    public int GeneNamesRenamed { get; internal set; }

    /// <summary>Whether the file has anndata's pre-0.7 layout (compound obs/var/obsm/varm, raw.X/raw.var).</summary>
    public bool LegacyLayout { get; internal set; }

    /// <summary>Whether the file stores no X (read as <see cref="CellMatrix.WithoutX"/>).</summary>
    public bool XAbsent { get; internal set; }

    /// <summary>Whether X was stored as a dense array and converted to CSR.</summary>
    public bool XWasDense { get; internal set; }

    /// <summary>Whether X stays on disk and is read in row blocks (<see cref="H5adReadOptions.BackedX"/> and X stored as CSR).</summary>
    public bool XBacked { get; internal set; }

    /// <summary>The on-disk element type of X's values (e.g. <c>float32</c>), before conversion to single precision.</summary>
    public string XStorageType { get; internal set; } = "float32";

    internal void Skip(string path, string reason) => _skipped.Add($"{path}: {reason}");
}
