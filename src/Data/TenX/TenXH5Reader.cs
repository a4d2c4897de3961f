using PllmML.Data.H5ad;
using PureHDF;
using PureHDF.VOL.Native;

namespace PllmML.Data.TenX;

/// <summary>
/// Reads Cell Ranger's HDF5 feature-barcode matrix (<c>filtered_feature_bc_matrix.h5</c>), the file most 10x users
/// have, into a <see cref="CellMatrix"/> the way <c>scanpy.read_10x_h5</c> does: the Cell Ranger ≥ 3 layout
/// (<c>/matrix</c> with <c>features/</c>) and the Cell Ranger 2 layout (one group per genome with
/// <c>genes</c>/<c>gene_names</c>).
/// </summary>
/// <remarks>
/// The stored genes × cells CSC matrix is, read the other way, a cells × genes CSR matrix, so no transpose is needed.
/// Gene names follow <see cref="TenXReadOptions.GeneNames"/>; repeated symbols are made unique as for 10x folders.
/// </remarks>
public static class TenXH5Reader
{
    /// <summary>Reads the file.</summary>
    /// <param name="path">The Cell Ranger <c>.h5</c> file.</param>
    /// <param name="options">Gene naming and uniqueness options; defaults when <c>null</c>.</param>
    /// <exception cref="DataFormatException">The file is not a Cell Ranger matrix; the message names the HDF5 path.</exception>
    public static CellMatrix Read(string path, TenXReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"File not found: {path}", path);
        }

        try
        {
            using var file = H5File.OpenRead(path);
            return ReadMatrix(file, new H5Element(path), options ?? new TenXReadOptions());
        }
        catch (Exception exception) when (exception is not (DataFormatException or OutOfMemoryException))
        {
            throw new DataFormatException(
                path, "HDF5 structure", $"the file is truncated or corrupt ({exception.Message})", exception);
        }
    }

    private static CellMatrix ReadMatrix(NativeFile file, H5Element h5, TenXReadOptions options)
    {
        var path = h5.FilePath;
        var (group, groupPath) = MatrixGroup(file, h5);
        var features = ReadFeatures(group, groupPath, h5);
        var barcodes = h5.ReadStrings(h5.Dataset(group, "barcodes", $"{groupPath}/barcodes"), $"{groupPath}/barcodes");
        var x = ReadCounts(group, groupPath, h5, barcodes.Length, features.Ids.Length);
        var (var, _, _) = TenXReader.BuildVar(path, features, options);
        var obs = new AnnotationTable(barcodes);
        var duplicates = obs.FindDuplicateNames();
        if (duplicates.Count > 0)
        {
            _ = options.MakeBarcodesUnique
                ? obs.MakeNamesUnique()
                : throw new DuplicateNamesException(path, $"{groupPath}/barcodes", duplicates);
        }

        return new CellMatrix(x, obs, var);
    }

    /// <summary>Whether an HDF5 file has the layout of a Cell Ranger matrix.</summary>
    /// <param name="file">The open file.</param>
    internal static bool IsCellRangerMatrix(IH5Group file) =>
        (file.LinkExists("matrix") && file.Get("matrix") is IH5Group matrix && matrix.LinkExists("barcodes"))
        || file.Children().OfType<IH5Group>().Any(g => g.LinkExists("gene_names") && g.LinkExists("barcodes"));

    private static (IH5Group Group, string Path) MatrixGroup(NativeFile file, H5Element h5)
    {
        if (file.LinkExists("matrix"))
        {
            return (h5.Group(file, "matrix", "/matrix"), "/matrix");
        }

        var genome = file.Children().OfType<IH5Group>().FirstOrDefault(g => g.LinkExists("gene_names"))
            ?? throw h5.Error("/", $"not a Cell Ranger matrix: no /matrix group; the file holds {H5Element.ChildNames(file)}");
        return (genome, "/" + genome.Name);
    }

    private static FeatureTable ReadFeatures(IH5Group group, string path, H5Element h5)
    {
        if (!group.LinkExists("features"))
        {
            return new FeatureTable(
                h5.ReadStrings(h5.Dataset(group, "genes", $"{path}/genes"), $"{path}/genes"),
                h5.ReadStrings(h5.Dataset(group, "gene_names", $"{path}/gene_names"), $"{path}/gene_names"),
                null);
        }

        var features = h5.Group(group, "features", $"{path}/features");
        string Strings(string name) => $"{path}/features/{name}";
        return new FeatureTable(
            h5.ReadStrings(h5.Dataset(features, "id", Strings("id")), Strings("id")),
            h5.ReadStrings(h5.Dataset(features, "name", Strings("name")), Strings("name")),
            h5.ReadStrings(h5.Dataset(features, "feature_type", Strings("feature_type")), Strings("feature_type")));
    }

    private static CsrMatrix ReadCounts(IH5Group group, string path, H5Element h5, int cells, int genes)
    {
        var shape = h5.ReadInts(h5.Dataset(group, "shape", $"{path}/shape"), $"{path}/shape");
        if (shape.Length != 2 || shape[0] != genes || shape[1] != cells)
        {
            throw h5.Error($"{path}/shape", $"shape is [{string.Join(", ", shape)}], but there are {genes} features "
                + $"and {cells} barcodes");
        }

        var values = h5.ReadFloats(h5.Dataset(group, "data", $"{path}/data"), $"{path}/data");
        var indices = h5.ReadInts(h5.Dataset(group, "indices", $"{path}/indices"), $"{path}/indices");
        var pointers = h5.ReadInts(h5.Dataset(group, "indptr", $"{path}/indptr"), $"{path}/indptr");
        SparseCanonicaliser.Canonicalise(cells, pointers, ref indices, ref values);
        var problem = CsrMatrix.FindProblem(cells, genes, pointers, indices, values)
            ?? CountProblem(values);
        return problem is null
            ? new CsrMatrix(cells, genes, pointers, indices, values)
            : throw h5.Error(path, problem);
    }

    private static string? CountProblem(float[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]) || values[i] < 0)
            {
                return $"data[{i}] is {values[i]}; counts must be finite and not negative";
            }
        }

        return null;
    }
}
