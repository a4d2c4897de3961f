using PllmML.Data.TenX;

namespace PllmML.Data.Tests.TenX;

public class TenXRoundTripTests
{
    [Theory]
    [InlineData("human_mtx")]
    [InlineData("mouse_mtx")]
    public void WriteThenRead_BundledFolder_GivesIdenticalData(string name)
    {
        var original = TenXReader.Read(TestPaths.Bundled("pancreas", name));
        var folder = TestPaths.NewTempFolder();

        TenXWriter.Write(original, folder);
        var copy = TenXReader.Read(folder);

        AssertSameMatrix(original.X, copy.X);
        Assert.Equal(original.CellNames, copy.CellNames);
        Assert.Equal(original.GeneNames, copy.GeneNames);
        Assert.Equal(original.Obs.ColumnNames, copy.Obs.ColumnNames);
        Assert.Equal(original.Var.ColumnNames, copy.Var.ColumnNames);
        foreach (var column in original.Obs.ColumnNames)
        {
            Assert.Equal(Format(original.Obs[column]), Format(copy.Obs[column]));
        }
    }

    [Fact]
    public void Write_HumanPancreas_FilesMatchCellRangerLayout()
    {
        var bundled = TestPaths.Bundled("pancreas", "human_mtx");
        var folder = TestPaths.NewTempFolder();

        TenXWriter.Write(TenXReader.Read(bundled), folder);

        Assert.Equal(
            ["barcodes.tsv.gz", "cells.tsv", "features.tsv.gz", "matrix.mtx.gz"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var expected = TenXFixture.ReadGzipLines(Path.Combine(bundled, "matrix.mtx.gz"));
        var written = TenXFixture.ReadGzipLines(Path.Combine(folder, "matrix.mtx.gz"));
        Assert.Equal("%%MatrixMarket matrix coordinate integer general", written[0]);
        Assert.Equal(expected[0], written[0]);
        Assert.StartsWith("%metadata_json: {\"software_version\": \"PllmML ", written[1], StringComparison.Ordinal);
        Assert.EndsWith("\"format_version\": 2}", written[1], StringComparison.Ordinal);
        Assert.Equal("12474 175 305996", written[2]);
        Assert.Equal(expected[2..], written[2..]);
        foreach (var file in new[] { "features.tsv.gz", "barcodes.tsv.gz" })
        {
            Assert.Equal(
                TenXFixture.ReadGzipLines(Path.Combine(bundled, file)),
                TenXFixture.ReadGzipLines(Path.Combine(folder, file)));
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(bundled, "cells.tsv")), File.ReadAllBytes(Path.Combine(folder, "cells.tsv")));
    }

    [Fact]
    public void WriteThenRead_RealValues_RoundTripExactly()
    {
        float[] dense = [0.1f, 1f / 3f, 0f, 1e-7f, 3.4e38f, 2.5f, 0f, 16_777_216f, 1.17549435e-38f];
        var data = new CellMatrix(
            CsrMatrix.FromDense(3, 3, dense), new AnnotationTable(["c1", "c2", "c3"]), new AnnotationTable(["g1", "g2", "g3"]));
        var folder = TestPaths.NewTempFolder();

        TenXWriter.Write(data, folder);
        var result = TenXReader.ReadWithReport(folder);

        Assert.False(result.Report.IsInteger);
        Assert.Equal(
            "%%MatrixMarket matrix coordinate real general",
            TenXFixture.ReadGzipLines(Path.Combine(folder, "matrix.mtx.gz"))[0]);
        AssertSameMatrix(data.X, result.Data.X);
        Assert.Equal(["gene_ids", "feature_types"], result.Data.Var.ColumnNames);
        Assert.Equal("g2", result.Data.Var["gene_ids"].FormatValue(1));
        Assert.False(File.Exists(Path.Combine(folder, "cells.tsv")));
    }

    [Fact]
    public void WriteThenRead_CellColumns_KeepNumbersMissingValuesAndTabs()
    {
        var obs = new AnnotationTable(["c1", "c2", "c3"]);
        obs.Set("score", new NumericColumn([0.1, double.NaN, 1e300]));
        obs.Set("n_genes", new NumericColumn([1, 2, 3], NumericType.Int32));
        obs.Set("label", new StringColumn(["a\tb", null, "\"quoted"]));
        var data = new CellMatrix(CsrMatrix.FromDense(3, 1, [1f, 0f, 2f]), obs, new AnnotationTable(["g1"]));
        var folder = TestPaths.NewTempFolder();

        TenXWriter.Write(data, folder);
        var copy = TenXReader.Read(folder);

        Assert.Equal([0.1, double.NaN, 1e300], ((NumericColumn)copy.Obs["score"]).Values);
        Assert.Equal(NumericType.Int64, ((NumericColumn)copy.Obs["n_genes"]).StorageType);
        var label = Assert.IsType<CategoricalColumn>(copy.Obs["label"]);
        Assert.Equal(["a\tb", null, "\"quoted"], Enumerable.Range(0, 3).Select(i => label[i]));
    }

    [Fact]
    public void WriteThenRead_GeneIdsAsNames_KeepsIdsAndSymbols()
    {
        var folder = TenXFixture.Folder();
        var options = new TenXReadOptions { GeneNames = TenXGeneNames.Ids };
        var data = TenXReader.Read(folder, options);
        var target = TestPaths.NewTempFolder();

        TenXWriter.Write(data, target);

        Assert.Equal(TenXFixture.Features, TenXFixture.ReadGzipLines(Path.Combine(target, "features.tsv.gz"))[..3]);
        Assert.Equal(data.GeneNames, TenXReader.Read(target, options).GeneNames);
    }

    [Fact]
    public void Write_NegativeValue_Throws()
    {
        var data = new CellMatrix(
            CsrMatrix.FromDense(1, 2, [1f, -0.5f]), new AnnotationTable(["c1"]), new AnnotationTable(["g1", "g2"]));

        var error = Assert.Throws<ArgumentException>(() => TenXWriter.Write(data, TestPaths.NewTempFolder()));

        Assert.Contains("-0.5", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSameMatrix(CsrMatrix expected, CsrMatrix actual)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.ColumnCount, actual.ColumnCount);
        Assert.Equal(expected.RowPointers, actual.RowPointers);
        Assert.Equal(expected.ColumnIndices.AsSpan(0, expected.StoredCount), actual.ColumnIndices.AsSpan(0, actual.StoredCount));
        Assert.Equal(expected.Values.AsSpan(0, expected.StoredCount), actual.Values.AsSpan(0, actual.StoredCount));
    }

    private static string[] Format(AnnotationColumn column) =>
        Enumerable.Range(0, column.Length).Select(column.FormatValue).ToArray();
}
