using PllmML.Data.H5ad;
using PllmML.Data.Hdf5;
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
/// A file with several genomes is read one genome at a time (<see cref="TenXReadOptions.Genome"/>, scanpy's
/// <c>genome=</c>); without a choice it is refused with the list of genomes, never read as an arbitrary one.
/// Unlike scanpy, a Cell Ranger ≥ 3 file with several genomes is not read whole by default: its features of
/// different species would become one gene axis.
/// </remarks>
public static class TenXH5Reader
{
    /// <summary>The <c>var</c> column holding each feature's genome, when the file records it (scanpy's name).</summary>
    public const string GenomeColumn = "genome";

    /// <summary>
    /// The <c>var</c> column holding the probe ids of a probe-barcode matrix (Visium/Flex <c>raw_probe_bc_matrix.h5</c>),
    /// whose <c>gene_ids</c> are then the genes the probes target (scanpy's names).
    /// </summary>
    public const string ProbeIdsColumn = "probe_ids";

    /// <summary>Reads the file.</summary>
    /// <param name="path">The Cell Ranger <c>.h5</c> file.</param>
    /// <param name="options">Gene naming, uniqueness and genome options; defaults when <c>null</c>.</param>
    /// <exception cref="DataFormatException">
    /// The file is not a Cell Ranger matrix, or holds several genomes and none (or an absent one) was chosen; the
    /// message names the HDF5 path and lists the genomes.
    /// </exception>
    public static CellMatrix Read(string path, TenXReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Open(path, (file, h5) => ReadMatrix(file, h5, options ?? new TenXReadOptions()));
    }

    /// <summary>The genomes the file holds, in file order, with their sizes (what <c>pllm inspect</c> lists).</summary>
    /// <param name="path">The Cell Ranger <c>.h5</c> file.</param>
    /// <exception cref="DataFormatException">The file is not a Cell Ranger matrix.</exception>
    public static IReadOnlyList<TenXGenome> Genomes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Open(path, ListGenomes);
    }

    /// <summary>Whether an HDF5 file has the layout of a Cell Ranger matrix.</summary>
    /// <param name="file">The open file.</param>
    internal static bool IsCellRangerMatrix(IH5Group file) =>
        (file.LinkExists("matrix") && file.Get("matrix") is IH5Group matrix && matrix.LinkExists("barcodes"))
        || LegacyGenomes(file).Count > 0;

    private static T Open<T>(string path, Func<NativeFile, H5Element, T> read)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"File not found: {path}", path);
        }

        try
        {
            HeapBounds.Check(path);
            using var file = H5File.OpenRead(path);
            return read(file, new H5Element(path));
        }
        catch (OutOfMemoryException exception)
        {
            // PureHDF allocates what a (possibly damaged) heap or B-tree size field asks for before reading it.
            throw new DataFormatException(
                path, "HDF5 structure", "a size field asks for more memory than the file can hold (damaged file?)", exception);
        }
        catch (Exception exception) when (exception is not DataFormatException)
        {
            throw new DataFormatException(
                path, "HDF5 structure", $"the file is truncated or corrupt ({exception.Message})", exception);
        }
    }

    private static CellMatrix ReadMatrix(NativeFile file, H5Element h5, TenXReadOptions options)
    {
        var path = h5.FilePath;
        var (group, groupPath) = MatrixGroup(file, h5, options.Genome);
        var features = ReadFeatures(group, groupPath, h5);
        var barcodes = h5.ReadStrings(h5.Dataset(group, "barcodes", $"{groupPath}/barcodes"), $"{groupPath}/barcodes");
        var (table, genomes) = (features.Table, features.Genomes);
        CheckShape(group, groupPath, h5, barcodes.Length, table.Ids.Length);
        int[]? selectedFeatures = null;
        if (genomes is not null)
        {
            var selected = SelectGenome(genomes, options.Genome, h5, $"{groupPath}/features/genome");
            if (selected.Length != genomes.Length)
            {
                selectedFeatures = selected;
                table = new FeatureTable(
                    [.. selected.Select(i => table.Ids[i])],
                    [.. selected.Select(i => table.Names[i])],
                    table.Types is null ? null : [.. selected.Select(i => table.Types[i])]);
                genomes = [.. selected.Select(i => genomes[i])];
            }
        }

        var (var, _, _) = TenXReader.BuildVar(path, table, options);
        if (features.ProbeIds is not null)
        {
            var.Set(ProbeIdsColumn, new StringColumn(
                selectedFeatures is null ? features.ProbeIds : [.. selectedFeatures.Select(i => features.ProbeIds[i])]));
        }

        if (genomes is not null)
        {
            var.Set(GenomeColumn, CategoricalColumn.FromValues(genomes));
        }

        var obs = new AnnotationTable(barcodes);
        var duplicates = obs.FindDuplicateNames();
        if (duplicates.Count > 0)
        {
            _ = options.MakeBarcodesUnique
                ? obs.MakeNamesUnique()
                : throw new DuplicateNamesException(path, $"{groupPath}/barcodes", duplicates);
        }

        var storedFeatures = features.Table.Ids.Length;
        if (options.BackedX)
        {
            return new CellMatrix(BackedCsrRows.OpenCellRanger(h5, group, groupPath, barcodes.Length, storedFeatures, selectedFeatures), obs, var);
        }

        var x = ReadCounts(group, groupPath, h5, barcodes.Length, storedFeatures);
        return new CellMatrix(selectedFeatures is null ? x : x.SelectColumns(selectedFeatures), obs, var);
    }

    /// <summary>The Cell Ranger 2 genome groups: each holds its own genes, gene names, barcodes and counts.</summary>
    private static List<IH5Group> LegacyGenomes(IH5Group file) =>
        file.Children().OfType<IH5Group>().Where(g => g.LinkExists("gene_names") && g.LinkExists("barcodes")).ToList();

    private static (IH5Group Group, string Path) MatrixGroup(NativeFile file, H5Element h5, string? genome)
    {
        if (file.LinkExists("matrix"))
        {
            return (h5.Group(file, "matrix", "/matrix"), "/matrix");
        }

        var groups = LegacyGenomes(file);
        var names = groups.Select(g => g.Name).ToList();
        if (groups.Count == 0)
        {
            throw h5.Error("/", $"not a Cell Ranger matrix: no /matrix group; the file holds {H5Element.ChildNames(file)}");
        }

        if (genome is not null)
        {
            var index = names.IndexOf(genome);
            return index >= 0
                ? (groups[index], "/" + genome)
                : throw h5.Error("/", $"has no genome '{genome}'; its genomes are: {string.Join(", ", names)}");
        }

        return groups.Count == 1
            ? (groups[0], "/" + groups[0].Name)
            : throw h5.Error("/", Ambiguous(names));
    }

    private static string Ambiguous(IReadOnlyList<string> genomes) =>
        $"holds {genomes.Count} genomes ({string.Join(", ", genomes)}); choose one to read (pllm's --genome, "
        + "TenXReadOptions.Genome, scanpy's genome=), e.g. --genome " + genomes[0];

    /// <summary>The feature positions of the chosen genome (all of them when the file holds one genome).</summary>
    private static int[] SelectGenome(string[] genomes, string? genome, H5Element h5, string path)
    {
        var names = genomes.Distinct(StringComparer.Ordinal).ToList();
        if (genome is null)
        {
            return names.Count <= 1 ? [.. Enumerable.Range(0, genomes.Length)] : throw h5.Error(path, Ambiguous(names));
        }

        var selected = Enumerable.Range(0, genomes.Length).Where(i => genomes[i] == genome).ToArray();
        return selected.Length > 0
            ? selected
            : throw h5.Error(path, $"has no genome '{genome}'; its genomes are: {string.Join(", ", names)}");
    }

    private static IReadOnlyList<TenXGenome> ListGenomes(NativeFile file, H5Element h5)
    {
        if (!file.LinkExists("matrix"))
        {
            var groups = LegacyGenomes(file);
            if (groups.Count == 0)
            {
                throw h5.Error("/", $"not a Cell Ranger matrix: no /matrix group; the file holds {H5Element.ChildNames(file)}");
            }

            return groups.Select(g => new TenXGenome(
                g.Name,
                (int)Length(h5.Dataset(g, "gene_names", $"/{g.Name}/gene_names")),
                (int)Length(h5.Dataset(g, "barcodes", $"/{g.Name}/barcodes")),
                Length(h5.Dataset(g, "data", $"/{g.Name}/data")))).ToList();
        }

        var matrix = h5.Group(file, "matrix", "/matrix");
        var features = ReadFeatures(matrix, "/matrix", h5);
        var barcodes = (int)Length(h5.Dataset(matrix, "barcodes", "/matrix/barcodes"));
        if (features.Genomes is null)
        {
            return [new TenXGenome(string.Empty, features.Table.Ids.Length, barcodes,
                Length(h5.Dataset(matrix, "data", "/matrix/data")))];
        }

        var genomes = features.Genomes;
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var feature in h5.ReadInts(h5.Dataset(matrix, "indices", "/matrix/indices"), "/matrix/indices"))
        {
            var name = feature >= 0 && feature < genomes.Length
                ? genomes[feature]
                : throw h5.Error("/matrix/indices", $"feature index {feature} is outside 0..{genomes.Length - 1}");
            stored[name] = stored.GetValueOrDefault(name) + 1;
        }

        return genomes.Distinct(StringComparer.Ordinal)
            .Select(g => new TenXGenome(g, genomes.Count(x => x == g), barcodes, stored.GetValueOrDefault(g)))
            .ToList();
    }

    private static long Length(IH5Dataset dataset) => (long)H5Element.Shape(dataset).Aggregate(1UL, (a, b) => a * b);

    private static (FeatureTable Table, string[]? Genomes, string[]? ProbeIds) ReadFeatures(
        IH5Group group, string path, H5Element h5)
    {
        if (!group.LinkExists("features"))
        {
            var legacy = new FeatureTable(
                h5.ReadStrings(h5.Dataset(group, "genes", $"{path}/genes"), $"{path}/genes"),
                h5.ReadStrings(h5.Dataset(group, "gene_names", $"{path}/gene_names"), $"{path}/gene_names"),
                null);
            return (legacy, null, null);
        }

        var features = h5.Group(group, "features", $"{path}/features");
        string Strings(string name) => $"{path}/features/{name}";
        string[]? Optional(string name, int count)
        {
            if (!features.LinkExists(name))
            {
                return null;
            }

            var values = h5.ReadStrings(h5.Dataset(features, name, Strings(name)), Strings(name));
            return values.Length == count
                ? values
                : throw h5.Error(Strings(name), $"has {values.Length} values, but there are {count} features");
        }

        var ids = h5.ReadStrings(h5.Dataset(features, "id", Strings("id")), Strings("id"));
        var names = h5.ReadStrings(h5.Dataset(features, "name", Strings("name")), Strings("name"));
        var types = h5.ReadStrings(h5.Dataset(features, "feature_type", Strings("feature_type")), Strings("feature_type"));

        // A probe-barcode matrix: ids are probes, gene_id the genes they target (scanpy reads both).
        var geneIds = Optional("gene_id", ids.Length);
        var table = new FeatureTable(geneIds ?? ids, names, types);
        return (table, Optional("genome", ids.Length), geneIds is null ? null : ids);
    }

    private static void CheckShape(IH5Group group, string path, H5Element h5, int cells, int genes)
    {
        var shape = h5.ReadInts(h5.Dataset(group, "shape", $"{path}/shape"), $"{path}/shape");
        if (shape.Length != 2 || shape[0] != genes || shape[1] != cells)
        {
            throw h5.Error($"{path}/shape", $"shape is [{string.Join(", ", shape)}], but there are {genes} features "
                + $"and {cells} barcodes");
        }
    }

    private static CsrMatrix ReadCounts(IH5Group group, string path, H5Element h5, int cells, int genes)
    {
        var values = h5.ReadFloats(h5.Dataset(group, "data", $"{path}/data"), $"{path}/data");
        var indices = h5.ReadInts(h5.Dataset(group, "indices", $"{path}/indices"), $"{path}/indices");
        var pointers = h5.ReadInts(h5.Dataset(group, "indptr", $"{path}/indptr"), $"{path}/indptr");
        var problem = SparseCanonicaliser.CanonicalProblem(cells, genes, pointers, ref indices, ref values)
            ?? BackedCsrRows.CountProblem(values, 0);
        return problem is null
            ? CsrMatrix.FromChecked(cells, genes, pointers, indices, values)
            : throw h5.Error(path, problem);
    }
}
