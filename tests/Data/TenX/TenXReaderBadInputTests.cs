using PllmML.Data.TenX;

namespace PllmML.Data.Tests.TenX;

public class TenXReaderBadInputTests
{
    [Theory]
    [InlineData("1 1 abc\n2 2 7\n3 2 2\n3 1 1\n", "line 4", "'abc' is not a number")]
    [InlineData("1 1 5\n3 1 -3\n2 2 7\n3 2 2\n", "line 5", "'-3' is negative")]
    [InlineData("1 1 5\n3 1 1.5\n2 2 7\n3 2 2\n", "line 5", "'1.5' is not an integer")]
    [InlineData("1 1 5\n3 1 1\n2 2 NaN\n3 2 2\n", "line 6", "'NaN' is not finite")]
    [InlineData("1 1 5\n3 1 1\n2 2 7\n4 2 2\n", "line 7", "row index 4 is outside 1..3")]
    [InlineData("1 1 5\n3 1 1\n2 3 7\n3 2 2\n", "line 6", "column index 3 is outside 1..2")]
    [InlineData("1 1 5\n3 1 1\n2 2 7\n", "line 6", "ends after 3 entries, but the size line declares 4")]
    [InlineData("1 1 5\n3 1 1\n2 2 7\n3 2 2\n1 2 1\n", "line 8", "more entries than the 4")]
    [InlineData("1 1 5\n3 1 1\n2 2\n3 2 2\n", "line 6", "expected an entry 'row column value'")]
    [InlineData("1 1 5\n3 1 1\n2 2 7\n3 1 2\n", "lines 5 and 7", "row 3, column 1 (gene 3, cell 1) appears 2 times")]
    public void Read_BadIntegerEntry_NamesFileAndLine(string entries, string location, string problem)
    {
        AssertMatrixError(TenXFixture.MatrixWith(entries), location, problem);
    }

    [Theory]
    [InlineData("1 1 5\n2 2 Infinity\n", "line 5", "'Infinity' is not finite")]
    [InlineData("1 1 5\n2 2 1e400\n", "line 5", "'1e400' is not finite")]
    [InlineData("1 1 -0.5\n2 2 1\n", "line 4", "'-0.5' is negative")]
    [InlineData("1 1 x1\n2 2 1\n", "line 4", "'x1' is not a number")]
    public void Read_BadRealEntry_NamesFileAndLine(string entries, string location, string problem)
    {
        AssertMatrixError(TenXFixture.MatrixWith(entries, size: "3 2 2", field: "real"), location, problem);
    }

    [Theory]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n3 2 1\n1 1\n", "line 1", "field 'pattern' is not supported")]
    [InlineData("%%MatrixMarket matrix array integer general\n3 2\n1\n", "line 1", "format 'array' is not supported")]
    [InlineData("%%MatrixMarket matrix coordinate integer symmetric\n3 3 1\n1 1 1\n", "line 1", "symmetry 'symmetric' is not supported")]
    [InlineData("3 2 1\n1 1 1\n", "line 1", "expected the banner")]
    [InlineData("%%MatrixMarket matrix coordinate integer general\n% only a comment\n", "line 2", "ends before the size line")]
    [InlineData("%%MatrixMarket matrix coordinate integer general\n3 2\n1 1 1\n", "line 2", "expected the size line")]
    [InlineData("%%MatrixMarket matrix coordinate integer general\n3 x 1\n1 1 1\n", "line 2", "expected the size line")]
    [InlineData("%%MatrixMarket matrix coordinate integer general\n3 2 7\n1 1 1\n", "line 2", "more than 3 rows × 2 columns")]
    public void Read_BadHeader_NamesFileAndLine(string matrix, string location, string problem)
    {
        AssertMatrixError(matrix, location, problem);
    }

    [Fact]
    public void Read_TooFewFeatures_NamesBothCounts()
    {
        var folder = TenXFixture.Folder(features: TenXFixture.Features[..2]);

        var error = Assert.Throws<DataFormatException>(() => TenXReader.Read(folder));

        TenXFixture.AssertNames(error, Path.Combine(folder, "features.tsv"), "line 2");
        Assert.Contains("features.tsv has 2 lines, but matrix.mtx declares 3 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooManyFeatures_NamesBothCounts()
    {
        var folder = TenXFixture.Folder(features: [.. TenXFixture.Features, "E4\tG4\tGene Expression"]);

        var error = Assert.Throws<DataFormatException>(() => TenXReader.Read(folder));

        TenXFixture.AssertNames(error, Path.Combine(folder, "features.tsv"), "line 4");
        Assert.Contains("has 4 lines, but matrix.mtx declares 3 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RaggedFeatures_NamesLine()
    {
        var folder = TenXFixture.Folder(features: ["E1\tG1\tGene Expression", "E2\tG2", "E3\tG3\tGene Expression"]);

        var error = Assert.Throws<DataFormatException>(() => TenXReader.Read(folder));

        TenXFixture.AssertNames(error, Path.Combine(folder, "features.tsv"), "line 2");
        Assert.Contains("has 2 tab-separated fields, but line 1 has 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SingleColumnFeatures_NamesLine()
    {
        var folder = TenXFixture.Folder(features: ["G1", "G2", "G3"]);

        var error = Assert.Throws<DataFormatException>(() => TenXReader.Read(folder));

        TenXFixture.AssertNames(error, Path.Combine(folder, "features.tsv"), "line 1");
    }

    [Fact]
    public void Read_TooFewBarcodes_NamesBothCounts()
    {
        var folder = TenXFixture.Folder(barcodes: ["AAAC-1"], gzip: true);

        var error = Assert.Throws<DataFormatException>(() => TenXReader.Read(folder));

        TenXFixture.AssertNames(error, Path.Combine(folder, "barcodes.tsv.gz"), "line 1");
        Assert.Contains("has 1 lines, but matrix.mtx.gz declares 2 columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedGzip_NamesFile()
    {
        var folder = TenXFixture.Folder(TenXFixture.MatrixWith(LongEntries(), size: "1000 2 1000"), gzip: true);
        var path = Path.Combine(folder, "matrix.mtx.gz");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 12)]);

        var error = Assert.Throws<DataFormatException>(() => TenXReader.Read(folder));

        Assert.Matches(@"^line \d+$", error.Location);
        TenXFixture.AssertNames(error, path, error.Location);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingBarcodes_ListsFolderContents()
    {
        var folder = TenXFixture.Folder();
        File.Delete(Path.Combine(folder, "barcodes.tsv"));
        Directory.CreateDirectory(Path.Combine(folder, "raw"));

        var error = Assert.Throws<DataFormatException>(() => TenXReader.Read(folder));

        Assert.Equal(folder, error.FilePath);
        Assert.Contains("no barcodes.tsv[.gz]", error.Message, StringComparison.Ordinal);
        Assert.Contains("the folder holds: features.tsv, matrix.mtx, raw/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFolder_ThrowsDirectoryNotFound()
    {
        var folder = Path.Combine(TestPaths.NewTempFolder(), "absent");

        Assert.Throws<DirectoryNotFoundException>(() => TenXReader.Read(folder));
    }

    [Fact]
    public void Read_CellTableWithUnknownBarcode_NamesLine()
    {
        var folder = TenXFixture.Folder(cells: "barcode\tcell_type\nAAAC-1\talpha\nTTTT-1\tbeta\n");

        var error = Assert.Throws<DataFormatException>(() => TenXReader.Read(folder));

        TenXFixture.AssertNames(error, Path.Combine(folder, "cells.tsv"), "line 3");
        Assert.Contains("'TTTT-1' is not in barcodes.tsv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CellTableWithMissingRow_NamesBothCounts()
    {
        var folder = TenXFixture.Folder(cells: "barcode\tcell_type\nAAAC-1\talpha\n");

        var error = Assert.Throws<DataFormatException>(() => TenXReader.Read(folder));

        TenXFixture.AssertNames(error, Path.Combine(folder, "cells.tsv"), "line 2");
        Assert.Contains("has 1 cell rows, but barcodes.tsv has 2 barcodes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RaggedCellTable_NamesLine()
    {
        var folder = TenXFixture.Folder(cells: "barcode\tcell_type\nAAAC-1\talpha\tx\nAAAG-1\tbeta\n");

        var error = Assert.Throws<DataFormatException>(() => TenXReader.Read(folder));

        TenXFixture.AssertNames(error, Path.Combine(folder, "cells.tsv"), "line 2");
    }

    [Fact]
    public void Read_CellTableWithRepeatedColumn_NamesLine()
    {
        var folder = TenXFixture.Folder(cells: "barcode\tcell_type\tcell_type\nAAAC-1\ta\tb\nAAAG-1\tc\td\n");

        var error = Assert.Throws<DataFormatException>(() => TenXReader.Read(folder));

        TenXFixture.AssertNames(error, Path.Combine(folder, "cells.tsv"), "line 1");
    }

    private static void AssertMatrixError(string matrix, string location, string problem)
    {
        var folder = TenXFixture.Folder(matrix);

        var error = Assert.Throws<DataFormatException>(() => TenXReader.Read(folder));

        TenXFixture.AssertNames(error, Path.Combine(folder, "matrix.mtx"), location);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    private static string LongEntries() =>
        string.Concat(Enumerable.Range(0, 1000).Select(i => $"{i + 1} {(i % 2) + 1} {i}\n"));
}
