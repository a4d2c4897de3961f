using System.Collections;
using System.Reflection;
using PureHDF;

namespace PllmML.Data.Hdf5;

/// <summary>
/// The filter pipeline of the dataset being read on this thread (or async flow), so that a filter can see its
/// neighbours: PureHDF hands a filter only its own parameters and the chunk.
/// </summary>
/// <remarks>
/// Needed because PureHDF 2.2 tests bit <c>i + 1</c> of a chunk's filter mask for the <c>i</c>-th filter, where
/// HDF5 (H5Z.c) tests bit <c>i</c>. The mask is set for an optional filter that did not shrink a chunk — h5py's LZF
/// on incompressible data — so PureHDF runs LZF on the stored bytes and skips the filter before it (shuffle).
/// <see cref="LzfFilter"/> recognises such a chunk and undoes the skipped filter itself. PureHDF keeps the pipeline
/// in an internal property; it is read by reflection, and the interop tests fail if a PureHDF upgrade moves it.
/// </remarks>
internal static class FilterPipeline
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly AsyncLocal<IReadOnlyList<FilterStage>?> CurrentPipeline = new();

    /// <summary>The pipeline of the dataset being read, or <c>null</c> outside <see cref="Enter"/>.</summary>
    public static IReadOnlyList<FilterStage>? Current => CurrentPipeline.Value;

    /// <summary>Makes <paramref name="dataset"/>'s pipeline current until the returned scope is disposed.</summary>
    /// <param name="dataset">The dataset about to be read.</param>
    public static Scope Enter(IH5Dataset dataset)
    {
        var previous = CurrentPipeline.Value;
        CurrentPipeline.Value = Of(dataset);
        return new Scope(previous);
    }

    /// <summary>The dataset's filters in write order; empty when it has none; <c>null</c> when PureHDF hides them.</summary>
    /// <param name="dataset">The dataset.</param>
    public static IReadOnlyList<FilterStage>? Of(IH5Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var message = dataset.GetType().GetProperty("InternalFilterPipeline", Members)?.GetValue(dataset);
        if (message is null)
        {
            return dataset.Layout.Class == H5DataLayoutClass.Chunked ? null : [];
        }

        if (message.GetType().GetProperty("FilterDescriptions", Members)?.GetValue(message) is not IEnumerable filters)
        {
            return null;
        }

        var stages = new List<FilterStage>();
        foreach (var filter in filters)
        {
            var type = filter.GetType();
            var id = type.GetProperty("Identifier", Members)?.GetValue(filter);
            var name = type.GetProperty("Name", Members)?.GetValue(filter) as string;
            var parameters = type.GetProperty("ClientData", Members)?.GetValue(filter) as uint[];
            if (id is null)
            {
                return null;
            }

            stages.Add(new FilterStage(Convert.ToUInt16(id, System.Globalization.CultureInfo.InvariantCulture), name ?? string.Empty, parameters ?? []));
        }

        return stages;
    }

    /// <summary>Restores the previous pipeline when disposed.</summary>
    internal readonly struct Scope(IReadOnlyList<FilterStage>? previous) : IDisposable
    {
        /// <summary>Restores the previous pipeline.</summary>
        public void Dispose() => CurrentPipeline.Value = previous;
    }
}
