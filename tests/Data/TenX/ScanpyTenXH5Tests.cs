using System.Text.Json;
using PllmML.Data.TenX;
using PureHDF;

namespace PllmML.Data.Tests.TenX;

/// <summary>
/// scanpy's own Cell Ranger test files (Scanpy/, copied from scverse/scanpy tests/_data): Cell Ranger 2, 3,
/// multi-genome and Visium (feature- and probe-barcode) matrices read as scanpy.read_10x_h5 reads them, and a file
/// with several genomes is read one chosen genome at a time.
/// </summary>
public class ScanpyTenXH5Tests
{
    private static readonly string Peer = Path.Combine(AppContext.BaseDirectory, "TenX", "scanpy_10x_h5_peer.py");

    public static string Scanpy(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "TenX", "Scanpy", .. parts]);

    [AnndataTheory]
    [InlineData("10x_data/1.2.0/filtered_gene_bc_matrices_h5.h5", null)]
    [InlineData("10x_data/1.2.0/multiple_genomes.h5", "hg19_chr21")]
    [InlineData("10x_data/1.2.0/multiple_genomes.h5", "another_genome")]
    [InlineData("10x_data/3.0.0/filtered_feature_bc_matrix.h5", null)]
    [InlineData("10x_data/3.0.0/filtered_feature_bc_matrix.h5", "GRCh38_chr21")]
    [InlineData("visium_data/1.0.0/filtered_feature_bc_matrix.h5", null)]
    [InlineData("visium_data/2.1.0/raw_probe_bc_matrix.h5", null)]
    public void Read_ScanpyTestFile_EqualsWhatReadTenXH5Reads(string file, string? genome)
    {
        var path = Scanpy(file.Split('/'));
        var json = Path.Combine(TestPaths.NewTempFolder(), "scanpy.json");
        PythonPeer.Run(Peer, [path, json, .. genome is null ? Array.Empty<string>() : [genome]]);
        var expected = JsonDocument.Parse(File.ReadAllText(json)).RootElement;

        var data = TenXH5Reader.Read(path, new TenXReadOptions { Genome = genome });

        Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()), [data.CellCount, data.GeneCount]);
        Assert.Equal(expected.GetProperty("X").EnumerateArray().Select(v => (float)v.GetDouble()), data.X.ToDense());
        Assert.Equal(Strings(expected.GetProperty("obs_names")), data.CellNames);
        Assert.Equal(Strings(expected.GetProperty("var_names")), data.GeneNames);
        foreach (var column in expected.GetProperty("var").EnumerateObject())
        {
            var values = data.Var[column.Name] switch
            {
                StringColumn s => s.Values.Select(v => v ?? string.Empty).ToArray(),
                CategoricalColumn c => c.Codes.Select(code => c.Categories[code]).ToArray(),
                var other => throw new InvalidOperationException($"unexpected column {column.Name}: {other.GetType().Name}"),
            };
            Assert.Equal(Strings(column.Value), values);
        }
    }

    [Fact]
    public void Read_CellRanger2File_HasItsShapeCountsAndGeneIds()
    {
        var data = TenXH5Reader.Read(Scanpy("10x_data", "1.2.0", "filtered_gene_bc_matrices_h5.h5"));

        Assert.Equal((12, 343), (data.CellCount, data.GeneCount));
        Assert.Equal(12, data.X.StoredCount);
        Assert.Equal("AACACGTGTACGCTGC-1", data.CellNames[0]);
        Assert.Equal(["DSCAM", "MIR99AHG", "APP"], ((StringColumn)data.Var[TenXReader.GeneIdsColumn]).Values.Take(3));
    }

    [Fact]
    public void Read_MultiGenomeFileWithoutAChoice_RefusesListingTheGenomes()
    {
        var path = Scanpy("10x_data", "1.2.0", "multiple_genomes.h5");

        var error = Assert.Throws<DataFormatException>(() => TenXH5Reader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("holds 2 genomes (another_genome, hg19_chr21)", error.Problem, StringComparison.Ordinal);
        Assert.Contains("--genome", error.Problem, StringComparison.Ordinal);
        Assert.Throws<DataFormatException>(() => DataFiles.ReadCells(path));
    }

    [Fact]
    public void Read_MultiGenomeFileWithAnAbsentGenome_ListsTheGenomes()
    {
        var error = Assert.Throws<DataFormatException>(() => TenXH5Reader.Read(
            Scanpy("10x_data", "1.2.0", "multiple_genomes.h5"), new TenXReadOptions { Genome = "mm10" }));

        Assert.Contains("no genome 'mm10'; its genomes are: another_genome, hg19_chr21", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MultiGenomeFile_ChosenGenomeEqualsTheSingleGenomeFile()
    {
        var single = TenXH5Reader.Read(Scanpy("10x_data", "1.2.0", "filtered_gene_bc_matrices_h5.h5"));

        var chosen = DataFiles.ReadCells(Scanpy("10x_data", "1.2.0", "multiple_genomes.h5"), genome: "hg19_chr21");

        Assert.Equal(single.X.ToDense(), chosen.Data.X.ToDense());
        Assert.Equal(single.GeneNames, chosen.Data.GeneNames);
        Assert.Contains("genome hg19_chr21 (chosen with --genome)", chosen.Notes);
    }

    [Fact]
    public void Genomes_ListsEachGenomeWithItsSizes()
    {
        var legacy = TenXH5Reader.Genomes(Scanpy("10x_data", "1.2.0", "multiple_genomes.h5"));
        var v3 = TenXH5Reader.Genomes(Scanpy("10x_data", "3.0.0", "filtered_feature_bc_matrix.h5"));

        Assert.Equal(
            [new TenXGenome("another_genome", 343, 12, 12), new TenXGenome("hg19_chr21", 343, 12, 12)], legacy);
        Assert.Equal([new TenXGenome("GRCh38_chr21", 507, 1107, 23866)], v3);
    }

    [Fact]
    public void Read_ProbeBarcodeMatrix_GeneIdsAreTheTargetedGenesAndProbeIdsAreKept()
    {
        var data = TenXH5Reader.Read(Scanpy("visium_data", "2.1.0", "raw_probe_bc_matrix.h5"));

        Assert.Equal((4987, 1000), (data.CellCount, data.GeneCount));
        Assert.Equal("DEPRECATED_ENSMUSG00000000157", ((StringColumn)data.Var[TenXReader.GeneIdsColumn]).Values[0]);
        Assert.Equal(
            "DEPRECATED_ENSMUSG00000000157|Itgb2l|2ef1e7b", ((StringColumn)data.Var[TenXH5Reader.ProbeIdsColumn]).Values[0]);
    }

    [Fact]
    public void Read_CellRanger3BarnyardFile_ReadsOneGenomeAtATime()
    {
        var path = WriteBarnyard();

        var refused = Assert.Throws<DataFormatException>(() => TenXH5Reader.Read(path));
        var mouse = TenXH5Reader.Read(path, new TenXReadOptions { Genome = "mm10" });
        var human = TenXH5Reader.Read(path, new TenXReadOptions { Genome = "GRCh38" });

        Assert.Equal("/matrix/features/genome", refused.Location);
        Assert.Contains("holds 2 genomes (GRCh38, mm10)", refused.Problem, StringComparison.Ordinal);
        Assert.Equal(["Ins1", "Gcg"], mouse.GeneNames);
        Assert.Equal([0f, 4f, 5f, 0f], mouse.X.ToDense());
        Assert.Equal(["INS"], human.GeneNames);
        Assert.Equal([1f, 0f], human.X.ToDense());
        Assert.Equal(["mm10"], ((CategoricalColumn)mouse.Var[TenXH5Reader.GenomeColumn]).Categories);
    }

    /// <summary>A Cell Ranger 3 file with human and mouse features (a barnyard): 2 cells × 3 features.</summary>
    internal static string WriteBarnyard()
    {
        // features × cells CSC: cell 0 has INS 1, Gcg 4; cell 1 has Ins1 5.
        var file = new H5File
        {
            ["matrix"] = new H5Group
            {
                ["barcodes"] = new[] { "AAAC-1", "AAAG-1" },
                ["data"] = new[] { 1, 4, 5 },
                ["indices"] = new long[] { 0, 2, 1 },
                ["indptr"] = new long[] { 0, 2, 3 },
                ["shape"] = new[] { 3, 2 },
                ["features"] = new H5Group
                {
                    ["id"] = new[] { "ENSG00000254647", "ENSMUSG00000035804", "ENSMUSG00000000394" },
                    ["name"] = new[] { "INS", "Ins1", "Gcg" },
                    ["feature_type"] = new[] { "Gene Expression", "Gene Expression", "Gene Expression" },
                    ["genome"] = new[] { "GRCh38", "mm10", "mm10" },
                },
            },
        };
        var path = Path.Combine(TestPaths.NewTempFolder(), "barnyard_filtered_feature_bc_matrix.h5");
        file.Write(path);
        return path;
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(v => v.GetString()!).ToArray();
}
