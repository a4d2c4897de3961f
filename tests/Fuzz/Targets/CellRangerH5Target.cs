using PllmML.Data;
using PllmML.Data.TenX;
using PureHDF;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary>Cell Ranger ≥ 3 <c>filtered_feature_bc_matrix.h5</c> files read by <see cref="TenXH5Reader"/>: 30 bundled
/// human cells written in Cell Ranger's layout with PureHDF. HDF5 has no checksum over this data, so changed values are
/// legitimately read.</summary>
public sealed class CellRangerH5Target : FuzzTarget
{
    private static readonly Lazy<byte[][]> SeedFiles = new(() => [MakeSeed()]);

    /// <inheritdoc />
    public override string Name => "cellranger-h5";

    /// <inheritdoc />
    public override string Extension => ".h5";

    /// <inheritdoc />
    /// <remarks>As for h5ad: PureHDF allocates a global-heap object's or a link name's declared size before reading it.</remarks>
    public override bool DependencyMayOverAllocate => true;

    /// <inheritdoc />
    public override TimeSpan Timeout => TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => SeedFiles.Value;

    /// <inheritdoc />
    public override string Read(string path) => H5adTarget.DigestCells(TenXH5Reader.Read(path));

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
