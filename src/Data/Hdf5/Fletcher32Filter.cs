using PureHDF.Filters;

namespace PllmML.Data.Hdf5;

/// <summary>
/// The Fletcher-32 checksum filter (HDF5 filter id 3): PureHDF's own, which verifies the checksum, but returning a
/// copy of the chunk without its checksum.
/// </summary>
/// <remarks>
/// PureHDF's filter returns a slice of the buffer it was given, and PureHDF reuses that buffer for the next chunk
/// while the chunk cache still holds the slice: a 2-d dataset read across chunk columns then gets values of the
/// wrong chunk (seen on h5py files with <c>fletcher32=True</c> and no compression).
/// </remarks>
internal sealed class Fletcher32Filter : IH5Filter
{
    private readonly PureHDF.Filters.Fletcher32Filter inner = new();

    /// <inheritdoc/>
    public ushort FilterId => PureHDF.Filters.Fletcher32Filter.Id;

    /// <inheritdoc/>
    public string Name => inner.Name;

    /// <inheritdoc/>
    public Memory<byte> Filter(FilterInfo info) => inner.Filter(info).ToArray();

    /// <inheritdoc/>
    public uint[] GetParameters(uint[] chunkDimensions, uint typeSize, Dictionary<string, object>? options) =>
        inner.GetParameters(chunkDimensions, typeSize, options);
}
