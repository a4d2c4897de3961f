namespace PllmML.Data.H5ad;

/// <summary>Options for <see cref="H5adReader"/>.</summary>
public sealed class H5adReadOptions
{
    /// <summary>
    /// When cell or gene names repeat: <c>false</c> (default) stops with a <see cref="DuplicateNamesException"/>
    /// listing them; <c>true</c> renames later copies the way anndata's <c>obs_names_make_unique</c> does and
    /// reports how many were renamed.
    /// </summary>
    public bool MakeNamesUnique { get; set; }

    /// <summary>
    /// Whether to read X (default <c>true</c>); without, the data has no X (<see cref="CellMatrix.HasX"/> false), which is
    /// what a reader of obs and obsm alone (an evaluation of embeddings) needs of a file whose X would not fit in memory.
    /// </summary>
    public bool ReadX { get; set; } = true;

    /// <summary>
    /// Whether to leave X on disk (anndata's backed mode; default <c>false</c>): X stored as CSR (what scanpy and anndata
    /// write) is then read a block of cells at a time through <see cref="CellMatrix.Rows"/>, so a pass over the cells holds
    /// one block, not the matrix. X stored otherwise (CSC, dense, the pre-0.7 layout) is read whole as without it.
    /// </summary>
    public bool BackedX { get; set; }

    /// <summary>Whether to read <c>layers</c> (default <c>true</c>); large files read faster without.</summary>
    public bool ReadLayers { get; set; } = true;

    /// <summary>Whether to read <c>raw</c> (default <c>true</c>).</summary>
    public bool ReadRaw { get; set; } = true;
}
