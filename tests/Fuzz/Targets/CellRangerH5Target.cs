using PllmML.Data;
using PllmML.Data.TenX;
using PureHDF;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary>Cell Ranger <c>.h5</c> matrices read by <see cref="TenXH5Reader"/>: 30 bundled human cells written in Cell
/// Ranger ≥ 3's layout with PureHDF, and the real Cell Ranger files of scanpy's tests (tests/Data/TenX/Scanpy, written by
/// libhdf5 with chunked, compressed datasets and fixed-length strings): Cell Ranger 2, Cell Ranger 3, two genomes, Visium
/// feature- and probe-barcode matrices. A file with several genomes is read one genome at a time, as listed by
/// <see cref="TenXH5Reader.Genomes"/> (<c>pllm inspect</c>). HDF5 has no checksum over this data, so changed values are
/// legitimately read.</summary>
public sealed class CellRangerH5Target : FuzzTarget
{
    /// <summary>The real files used as seeds, below tests/Data/TenX/Scanpy.</summary>
    private static readonly string[] ScanpyFiles =
    [
        "10x_data/1.2.0/filtered_gene_bc_matrices_h5.h5",
        "10x_data/1.2.0/multiple_genomes.h5",
        "10x_data/3.0.0/filtered_feature_bc_matrix.h5",
        "visium_data/1.0.0/filtered_feature_bc_matrix.h5",
        "visium_data/2.1.0/raw_probe_bc_matrix.h5",
    ];

    private static readonly Lazy<byte[][]> SeedFiles = new(() =>
        [MakeSeed(), .. ScanpyFiles.Select(file => File.ReadAllBytes(Path.Combine([TestPaths.RepositoryRoot, "tests", "Data", "TenX", "Scanpy", .. file.Split('/')])))]);

    /// <inheritdoc />
    public override string Name => "cellranger-h5";

    /// <inheritdoc />
    public override string Extension => ".h5";

    /// <inheritdoc />
    public override TimeSpan Timeout => TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => SeedFiles.Value;

    /// <inheritdoc />
    public override string Read(string path)
    {
        var genomes = TenXH5Reader.Genomes(path);
        if (genomes.Count <= 1)
        {
            return H5adTarget.DigestCells(TenXH5Reader.Read(path));
        }

        var digest = new FuzzDigest();
        foreach (var genome in genomes)
        {
            digest.Add(genome.Name).Add(H5adTarget.DigestCells(TenXH5Reader.Read(path, new TenXReadOptions { Genome = genome.Name })));
        }

        return digest.ToString();
    }

    private static byte[] MakeSeed()
    {
        var cells = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human.h5ad")).Data.SelectCells([.. Enumerable.Range(0, 30)]);
        var genes = cells.GeneNames.Count;

        // Cell Ranger stores genes × cells in CSC, which is the cells × genes CSR of the matrix.
        var file = new H5File
        {
            ["matrix"] = new H5Group
            {
                ["barcodes"] = cells.CellNames.ToArray(),
                ["data"] = cells.X.Values.Select(value => (int)value).ToArray(),
                ["indices"] = cells.X.ColumnIndices.Select(index => (long)index).ToArray(),
                ["indptr"] = cells.X.RowPointers.Select(pointer => (long)pointer).ToArray(),
                ["shape"] = new[] { genes, cells.CellCount },
                ["features"] = new H5Group
                {
                    ["id"] = cells.GeneNames.Select(name => "ID_" + name).ToArray(),
                    ["name"] = cells.GeneNames.ToArray(),
                    ["feature_type"] = Enumerable.Repeat("Gene Expression", genes).ToArray(),
                    ["genome"] = Enumerable.Repeat("GRCh38", genes).ToArray(),
                },
            },
        };
        var path = Path.Combine(TestPaths.NewTempFolder(), "seed.h5");
        file.Write(path);
        return File.ReadAllBytes(path);
    }
}
