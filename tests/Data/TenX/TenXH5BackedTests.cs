using PllmML.Data.TenX;
using PureHDF;

namespace PllmML.Data.Tests.TenX;

/// <summary>
/// The counts of a Cell Ranger <c>.h5</c> file left on disk (<see cref="TenXReadOptions.BackedX"/>): every block of cells
/// is what the whole-matrix reader reads, for scanpy's own test files (Cell Ranger 2, 3, multi-genome, Visium) and a
/// chosen genome of a barnyard; damaged counts are refused in the block that holds them.
/// </summary>
public class TenXH5BackedTests
{
    [Theory]
    [InlineData("10x_data/1.2.0/filtered_gene_bc_matrices_h5.h5", null, 1)]
    [InlineData("10x_data/1.2.0/multiple_genomes.h5", "hg19_chr21", 5)]
    [InlineData("10x_data/1.2.0/multiple_genomes.h5", "another_genome", 1_000)]
    [InlineData("10x_data/3.0.0/filtered_feature_bc_matrix.h5", null, 1)]
    [InlineData("10x_data/3.0.0/filtered_feature_bc_matrix.h5", null, 100)]
    [InlineData("10x_data/3.0.0/filtered_feature_bc_matrix.h5", "GRCh38_chr21", 1_024)]
    [InlineData("visium_data/1.0.0/filtered_feature_bc_matrix.h5", null, 37)]
    [InlineData("visium_data/2.1.0/raw_probe_bc_matrix.h5", null, 1_024)]
    public void Blocks_ScanpyTestFile_EqualTheMatrixReadWhole(string file, string? genome, int rowsPerBlock)
    {
        var path = ScanpyTenXH5Tests.Scanpy(file.Split('/'));
        var whole = TenXH5Reader.Read(path, new TenXReadOptions { Genome = genome });

        var backed = TenXH5Reader.Read(path, new TenXReadOptions { Genome = genome, BackedX = true });

        Assert.True(backed.XIsBacked);
        Assert.Equal(whole.CellNames, backed.CellNames);
        Assert.Equal(whole.GeneNames, backed.GeneNames);
        Assert.Equal(whole.Var.ColumnNames, backed.Var.ColumnNames);
        BlockAssert.Same(whole.X, BlockAssert.Concatenate(backed.Rows.Blocks(rowsPerBlock), backed.Rows.ColumnCount));
        Assert.Equal(whole.X.Values, backed.X.Values);
    }

    [Fact]
    public void Blocks_CellRanger3File_StoredCountsAreTheFileRowPointers()
    {
        var path = ScanpyTenXH5Tests.Scanpy("10x_data", "3.0.0", "filtered_feature_bc_matrix.h5");
        var whole = TenXH5Reader.Read(path).X;

        var rows = TenXH5Reader.Read(path, new TenXReadOptions { BackedX = true }).Rows;

        Assert.Equal(whole.StoredCount, rows.StoredCount);
        for (var row = 0; row <= whole.RowCount; row++)
        {
            Assert.Equal(whole.RowPointers[row], rows.StoredBefore(row));
        }
    }

    [Fact]
    public void Blocks_BarnyardGenome_AreThatGenomesColumns()
    {
        var path = ScanpyTenXH5Tests.WriteBarnyard();

        var mouse = TenXH5Reader.Read(path, new TenXReadOptions { Genome = "mm10", BackedX = true });
        var human = TenXH5Reader.Read(path, new TenXReadOptions { Genome = "GRCh38", BackedX = true });

        Assert.True(mouse.XIsBacked);
        Assert.Equal(["Ins1", "Gcg"], mouse.GeneNames);
        Assert.Equal([0f, 4f, 5f, 0f], BlockAssert.Concatenate(mouse.Rows.Blocks(1), 2).ToDense());
        Assert.Equal([1f, 0f], BlockAssert.Concatenate(human.Rows.Blocks(1), 1).ToDense());
    }

    [Fact]
    public void ReadCells_CellRangerH5Backed_LeavesTheCountsOnDisk()
    {
        var path = ScanpyTenXH5Tests.Scanpy("10x_data", "3.0.0", "filtered_feature_bc_matrix.h5");

        var backed = DataFiles.ReadCells(path, makeNamesUnique: false, genome: null, backed: true);
        var whole = DataFiles.ReadCells(path, makeNamesUnique: false, genome: null, backed: false);

        Assert.Equal(DataFileKind.TenXH5, backed.Kind);
        Assert.True(backed.Data.XIsBacked);
        Assert.False(whole.Data.XIsBacked);
        Assert.Equal(whole.Notes, backed.Notes);
    }

    [Theory]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void ReadRows_NegativeOrNonFiniteCount_RefusedNamingTheRowsAndTheValue(float bad)
    {
        var path = WriteCellRanger3(data: [1f, 2f, 3f, bad, 5f]);
        var whole = Assert.Throws<DataFormatException>(() => TenXH5Reader.Read(path));
        var backed = TenXH5Reader.Read(path, new TenXReadOptions { BackedX = true });

        Assert.Single(backed.Rows.ReadRows(0, 1).Values[..1]);
        var error = Assert.Throws<DataFormatException>(() => backed.Rows.ReadRows(1, 2));

        Assert.Equal(path, error.FilePath);
        Assert.Equal("/matrix (rows 1–2)", error.Location);
        Assert.Contains($"data[3] is {bad}; counts must be finite and not negative", error.Problem, StringComparison.Ordinal);
        Assert.Contains($"data[3] is {bad}", whole.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_RowPointersPastTheStoredValues_RefusedNamingIndptr()
    {
        var path = WriteCellRanger3(data: [1f, 2f, 3f, 4f, 5f], pointers: [0, 2, 3, 9]);

        var error = Assert.Throws<DataFormatException>(() => TenXH5Reader.Read(path, new TenXReadOptions { BackedX = true }));

        Assert.Equal("/matrix/indptr", error.Location);
        Assert.Contains("indptr ends at 9, but data and indices hold 5 values", error.Problem, StringComparison.Ordinal);
    }

    /// <summary>A Cell Ranger 3 file of 3 cells × 4 features: cell 0 stores 2 values, cell 1 one, cell 2 two.</summary>
    private static string WriteCellRanger3(float[] data, long[]? pointers = null)
    {
        var file = new H5File
        {
            ["matrix"] = new H5Group
            {
                ["barcodes"] = new[] { "AAAC-1", "AAAG-1", "AACC-1" },
                ["data"] = data,
                ["indices"] = new long[] { 0, 3, 1, 0, 2 },
                ["indptr"] = pointers ?? [0, 2, 3, 5],
                ["shape"] = new[] { 4, 3 },
                ["features"] = new H5Group
                {
                    ["id"] = new[] { "ENSG1", "ENSG2", "ENSG3", "ENSG4" },
                    ["name"] = new[] { "INS", "GCG", "SST", "PPY" },
                    ["feature_type"] = new[] { "Gene Expression", "Gene Expression", "Gene Expression", "Gene Expression" },
                },
            },
        };
        var path = Path.Combine(TestPaths.NewTempFolder(), "filtered_feature_bc_matrix.h5");
        file.Write(path);
        return path;
    }
}
