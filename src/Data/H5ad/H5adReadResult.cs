namespace PllmML.Data.H5ad;

/// <summary>The data read from an <c>.h5ad</c> file and the report of what could not be carried over.</summary>
/// <param name="Data">The cells × genes data.</param>
/// <param name="Report">Elements skipped and names renamed.</param>
public sealed record H5adReadResult(CellMatrix Data, H5adReadReport Report);
