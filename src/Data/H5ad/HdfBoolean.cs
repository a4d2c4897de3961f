namespace PllmML.Data.H5ad;

/// <summary>
/// h5py's boolean type: an HDF5 enumeration with the members FALSE = 0 and TRUE = 1, which h5py (and so anndata)
/// reads back as numpy <c>bool</c> only under exactly these member names. A plain byte would come back as <c>uint8</c>.
/// </summary>
#pragma warning disable CA1028, CA1008 // The byte base and the missing None member are what h5py recognises.
internal enum HdfBoolean : byte
{
    FALSE = 0,
    TRUE = 1,
}
#pragma warning restore CA1028, CA1008
