using PllmML.Data.TenX;
using PureHDF;

namespace PllmML.Data.Tests.TenX;

public class TenXH5ReaderTests
{
    private static readonly string Peer = Path.Combine(AppContext.BaseDirectory, "TenX", "cellranger_h5_peer.py");

    [AnndataFact]
    public void Read_CellRangerH5WrittenByH5py_EqualsTheSameData10xFolder()
    {
        var folder = TestPaths.Bundled("pancreas", "human_mtx");
        var path = Path.Combine(TestPaths.NewTempFolder(), "filtered_feature_bc_matrix.h5");
        PythonPeer.Run(Peer, folder, path);

        var fromH5 = DataFiles.ReadCells(path);
        var fromFolder = TenXReader.Read(folder, new TenXReadOptions { ReadCellTable = false });

        Assert.Equal(DataFileKind.TenXH5, fromH5.Kind);
        var data = fromH5.Data;
        Assert.Equal(fromFolder.X.RowPointers, data.X.RowPointers);
        Assert.Equal(fromFolder.X.ColumnIndices, data.X.ColumnIndices);
        Assert.Equal(fromFolder.X.Values, data.X.Values);
        Assert.Equal(fromFolder.CellNames, data.CellNames);
        Assert.Equal(fromFolder.GeneNames, data.GeneNames);
        Assert.Equal([.. fromFolder.Var.ColumnNames, TenXH5Reader.GenomeColumn], data.Var.ColumnNames);
        Assert.Equal(["GRCh38"], ((CategoricalColumn)data.Var[TenXH5Reader.GenomeColumn]).Categories);
    }

    [Fact]
    public void Read_CellRanger2Layout_ReadsGenesAndBarcodes()
    {
        var path = WriteFile(file => file["GRCh38"] = new H5Group
        {
            ["barcodes"] = new[] { "AAAC-1", "AAAG-1" },
            ["genes"] = new[] { "ENSG1", "ENSG2", "ENSG3" },
            ["gene_names"] = new[] { "INS", "GCG", "INS" },
            ["data"] = new[] { 3, 1, 2 },
            ["indices"] = new long[] { 0, 2, 1 },
            ["indptr"] = new long[] { 0, 2, 3 },
            ["shape"] = new[] { 3, 2 },
        });

        var data = TenXH5Reader.Read(path);

        Assert.Equal([3f, 0f, 1f, 0f, 2f, 0f], data.X.ToDense());
        Assert.Equal(["INS", "GCG", "INS-1"], data.GeneNames);
        Assert.Equal(new[] { "ENSG1", "ENSG2", "ENSG3" }, ((StringColumn)data.Var[TenXReader.GeneIdsColumn]).Values);
    }

    [Fact]
    public void Read_ShapeDisagreesWithFeatures_ThrowsNamingShape()
    {
        var path = WriteFile(file => file["GRCh38"] = new H5Group
        {
            ["barcodes"] = new[] { "AAAC-1" },
            ["genes"] = new[] { "ENSG1" },
            ["gene_names"] = new[] { "INS" },
            ["data"] = new[] { 3 },
            ["indices"] = new long[] { 0 },
            ["indptr"] = new long[] { 0, 1 },
            ["shape"] = new[] { 2, 1 },
        });

        var error = Assert.Throws<DataFormatException>(() => TenXH5Reader.Read(path));

        Assert.Equal("/GRCh38/shape", error.Location);
    }

    private static string WriteFile(Action<H5File> fill)
    {
        var file = new H5File();
        fill(file);
        var path = Path.Combine(TestPaths.NewTempFolder(), "raw_gene_bc_matrices_h5.h5");
        file.Write(path);
        return path;
    }
}
