namespace PllmML.Data.Hdf5;

/// <summary>One filter of a dataset's HDF5 filter pipeline, in the order the writer applied them.</summary>
/// <param name="Id">The filter id: 1 deflate, 2 shuffle, 3 Fletcher-32, 32000 LZF, ….</param>
/// <param name="Name">The name the writer stored, possibly empty.</param>
/// <param name="Parameters">The filter's client data (h5py's <c>cd_values</c>).</param>
internal sealed record FilterStage(ushort Id, string Name, uint[] Parameters);
