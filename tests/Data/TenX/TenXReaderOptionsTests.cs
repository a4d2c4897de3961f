using PllmML.Data.TenX;

namespace PllmML.Data.Tests.TenX;

public class TenXReaderOptionsTests
{
    [Fact]
    public void Read_SmallFolder_TransposesToCellsByGenes()
    {
        var data = TenXReader.Read(TenXFixture.Folder());

        Assert.Equal(["AAAC-1", "AAAG-1"], data.CellNames);
        Assert.Equal(["G1", "G2", "G3"], data.GeneNames);
        Assert.Equal([5f, 0f, 1f, 0f, 7f, 2f], data.X.ToDense());
        Assert.Empty(data.Obs.ColumnNames);
    }

    [Fact]
    public void Read_GzipFolder_ReadsTheSameData()
    {
        var plain = TenXReader.Read(TenXFixture.Folder());
        var result = TenXReader.ReadWithReport(TenXFixture.Folder(gzip: true));

        Assert.Equal(plain.X.ToDense(), result.Data.X.ToDense());
        Assert.EndsWith("matrix.mtx.gz", result.Report.MatrixFile, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EntriesInAnyOrder_SortsWithinRows()
    {
        var matrix = TenXFixture.MatrixWith("3 2 2\n3 1 1\n2 2 7\n1 1 5\n");

        var data = TenXReader.Read(TenXFixture.Folder(matrix));

        Assert.Equal([5f, 0f, 1f, 0f, 7f, 2f], data.X.ToDense());
        Assert.Equal([0, 2, 1, 2], data.X.ColumnIndices);
    }

    [Fact]
    public void Read_GeneIds_UsesIdsAsNamesAndKeepsSymbols()
    {
        var options = new TenXReadOptions { GeneNames = TenXGeneNames.Ids };

        var data = TenXReader.Read(TenXFixture.Folder(), options);

        Assert.Equal(["ENSG01", "ENSG02", "ENSG03"], data.GeneNames);
        Assert.Equal(["gene_symbols", "feature_types"], data.Var.ColumnNames);
        Assert.Equal("G2", data.Var["gene_symbols"].FormatValue(1));
    }

    [Fact]
    public void Read_DuplicateSymbols_MakesThemUniqueAndReports()
    {
        string[] features = ["E1\tIGKC\tGene Expression", "E2\tG2\tGene Expression", "E3\tIGKC\tGene Expression"];

        var result = TenXReader.ReadWithReport(TenXFixture.Folder(features: features));

        Assert.Equal(["IGKC", "G2", "IGKC-1"], result.Data.GeneNames);
        Assert.Equal(1, result.Report.RenamedGeneCount);
        Assert.Equal(2, result.Report.DuplicateGeneNames["IGKC"]);
        Assert.Equal("E3", result.Data.Var["gene_ids"].FormatValue(2));
    }

    [Fact]
    public void Read_DuplicateSymbolsWithoutMakeUnique_Throws()
    {
        string[] features = ["E1\tIGKC\tGene Expression", "E2\tG2\tGene Expression", "E3\tIGKC\tGene Expression"];
        var folder = TenXFixture.Folder(features: features);

        var error = Assert.Throws<DuplicateNamesException>(
            () => TenXReader.Read(folder, new TenXReadOptions { MakeUnique = false }));

        Assert.Equal(2, error.Duplicates["IGKC"]);
        Assert.Contains("features.tsv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateBarcodes_ThrowsUnlessMadeUnique()
    {
        var folder = TenXFixture.Folder(barcodes: ["AAAC-1", "AAAC-1"]);

        var error = Assert.Throws<DuplicateNamesException>(() => TenXReader.Read(folder));
        var result = TenXReader.ReadWithReport(folder, new TenXReadOptions { MakeBarcodesUnique = true });

        Assert.Contains("barcodes.tsv", error.Message, StringComparison.Ordinal);
        Assert.Equal(["AAAC-1", "AAAC-1-1"], result.Data.CellNames);
        Assert.Equal(1, result.Report.RenamedBarcodeCount);
    }

    [Fact]
    public void Read_LegacyGenesFile_HasNoFeatureTypes()
    {
        var folder = TenXFixture.Folder();
        File.Delete(Path.Combine(folder, "features.tsv"));
        File.WriteAllText(Path.Combine(folder, "genes.tsv"), "E1\tG1\nE2\tG2\nE3\tG3\n");

        var result = TenXReader.ReadWithReport(folder);

        Assert.True(result.Report.IsLegacyLayout);
        Assert.Equal(["G1", "G2", "G3"], result.Data.GeneNames);
        Assert.Equal(["gene_ids"], result.Data.Var.ColumnNames);
    }

    [Fact]
    public void Read_CellTableInOtherOrder_MatchesByBarcode()
    {
        var cells = "barcode\tcell_type\tn_counts\nAAAG-1\tbeta\t9\nAAAC-1\talpha\t6\n";

        var data = TenXReader.Read(TenXFixture.Folder(cells: cells));

        Assert.Equal(["alpha", "beta"], Enumerable.Range(0, 2).Select(i => ((CategoricalColumn)data.Obs["cell_type"])[i]));
        var counts = Assert.IsType<NumericColumn>(data.Obs["n_counts"]);
        Assert.Equal([6.0, 9.0], counts.Values);
        Assert.Equal(NumericType.Int64, counts.StorageType);
    }

    [Fact]
    public void Read_WithoutCellTableOption_IgnoresCellTable()
    {
        var folder = TenXFixture.Folder(cells: "barcode\tcell_type\nAAAC-1\talpha\nAAAG-1\tbeta\n");

        var result = TenXReader.ReadWithReport(folder, new TenXReadOptions { ReadCellTable = false });

        Assert.Empty(result.Data.Obs.ColumnNames);
        Assert.Null(result.Report.CellTableFile);
    }

    [Fact]
    public void Read_RealMatrix_ParsesExponents()
    {
        var matrix = TenXFixture.MatrixWith("1 1 1.5e2\n2 2 0.25\n", size: "3 2 2", field: "real");

        var result = TenXReader.ReadWithReport(TenXFixture.Folder(matrix));

        Assert.False(result.Report.IsInteger);
        Assert.Equal([150f, 0f, 0f, 0f, 0.25f, 0f], result.Data.X.ToDense());
    }
}
