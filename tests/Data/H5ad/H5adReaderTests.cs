using PllmML.Data.H5ad;

namespace PllmML.Data.Tests.H5ad;

public class H5adReaderTests
{
    [Fact]
    public void Read_BundledHumanPancreas_HasThePublishedShapeCountsAndLabels()
    {
        var data = H5adReader.Read(TestPaths.Bundled("pancreas", "human.h5ad"));

        Assert.Equal((175, 12_474), (data.CellCount, data.GeneCount));
        Assert.Equal(305_996, data.X.StoredCount);
        Assert.Equal(914_747, data.X.Sum());
        Assert.Equal(
            ["cell_type", "cell_type_original", "species", "donor", "sample", "n_counts", "n_genes"],
            data.Obs.ColumnNames);
        var cellTypes = Assert.IsType<CategoricalColumn>(data.Obs["cell_type"]);
        Assert.Equal(["alpha", "beta", "delta", "macrophage", "stellate"], cellTypes.Categories);
        Assert.All(cellTypes.CountPerCategory(), count => Assert.Equal(35, count));
        Assert.Equal("human1_lib2.final_cell_0143", data.CellNames[0]);
        Assert.Equal("NKX2-2", data.Var.Names.Single(n => n == "NKX2-2"));
        Assert.IsType<StringColumn>(data.Var["symbol_in_source"]);
        Assert.IsType<string>(Assert.IsType<Dictionary<string, object>>(data.Uns["provenance"])["license"]);
    }

    [Fact]
    public void Read_WithoutX_SameObsAndVar_NoX()
    {
        var path = TestPaths.Bundled("pancreas", "human.h5ad");
        var whole = H5adReader.Read(path);

        var data = H5adReader.Read(path, new H5adReadOptions { ReadX = false });

        Assert.False(data.HasX);
        Assert.Equal(whole.CellNames, data.CellNames);
        Assert.Equal(whole.GeneNames, data.GeneNames);
        Assert.Equal(whole.Obs.ColumnNames, data.Obs.ColumnNames);
        var error = Assert.Throws<MissingXException>(() => data.X);
        Assert.Contains("read without X", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BundledHumanPancreas_ObsCountsEqualTheRowSumsOfX()
    {
        var data = H5adReader.Read(TestPaths.Bundled("pancreas", "human.h5ad"));

        var nCounts = Assert.IsType<NumericColumn>(data.Obs["n_counts"]);
        var nGenes = Assert.IsType<NumericColumn>(data.Obs["n_genes"]);
        Assert.Equal(NumericType.Float32, nCounts.StorageType);
        Assert.Equal(NumericType.Int32, nGenes.StorageType);
        Assert.Equal(nCounts.Values, data.X.RowSums());
        Assert.Equal(nGenes.Values, Enumerable.Range(0, data.CellCount).Select(c => (double)data.X.RowColumns(c).Length));
    }

    [Fact]
    public void Read_BundledMousePancreas_HasThePublishedShapeAndCellTypes()
    {
        var data = H5adReader.Read(TestPaths.Bundled("pancreas", "mouse.h5ad"));

        Assert.Equal((822, 14_878), (data.CellCount, data.GeneCount));
        Assert.Equal(1_164_056, data.X.StoredCount);
        Assert.Equal(3_075_159, data.X.Sum());
        var cellTypes = Assert.IsType<CategoricalColumn>(data.Obs["cell_type"]);
        var counts = cellTypes.Categories.Zip(cellTypes.CountPerCategory()).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(343, counts["beta"]);
        Assert.Equal(236, counts["ductal"]);
        Assert.Equal(9, counts["alpha"]);
        Assert.Equal(822, counts.Values.Sum());
    }

    [Fact]
    public void Read_NotAnHdf5File_ThrowsNamingTheFile()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "cells.h5ad");
        File.WriteAllText(path, "cell,gene,count\n");

        var error = Assert.ThrowsAny<DataFormatException>(() => H5adReader.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not an HDF5 file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedFile_ThrowsNamingTheFile()
    {
        var bytes = File.ReadAllBytes(TestPaths.Bundled("pancreas", "human.h5ad"));
        var path = Path.Combine(TestPaths.NewTempFolder(), "cut.h5ad");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.ThrowsAny<DataFormatException>(() => H5adReader.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CategoricalCodeOutOfRange_ThrowsNamingTheCodesPath()
    {
        var path = H5adFixture.Write(TestPaths.NewTempFolder(), file => file["obs"] = H5adFixture.Frame(
            ["c1", "c2", "c3"], ("cell_type", H5adFixture.Categorical([0, 7, 0], ["alpha", "beta"]))));

        var error = Assert.Throws<DataFormatException>(() => H5adReader.Read(path));

        Assert.Equal("/obs/cell_type/codes", error.Location);
        Assert.Contains("code 7 at row 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_XShapeDisagreesWithVar_ThrowsNamingX()
    {
        var path = H5adFixture.Write(TestPaths.NewTempFolder(), file => file["var"] = H5adFixture.Frame(["INS"]));

        var error = Assert.Throws<DataFormatException>(() => H5adReader.Read(path));

        Assert.Equal("/X", error.Location);
        Assert.Contains("var has 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ColumnLengthDisagreesWithIndex_ThrowsNamingTheColumn()
    {
        var path = H5adFixture.Write(TestPaths.NewTempFolder(), file => file["obs"] = H5adFixture.Frame(
            ["c1", "c2", "c3"], ("cell_type", H5adFixture.Categorical([0, 1], ["alpha", "beta"]))));

        var error = Assert.Throws<DataFormatException>(() => H5adReader.Read(path));

        Assert.Equal("/obs/cell_type", error.Location);
    }

    [Fact]
    public void Read_MissingObs_ThrowsListingWhatTheFileHolds()
    {
        var path = H5adFixture.Write(TestPaths.NewTempFolder(), file => file.Remove("obs"));

        var error = Assert.Throws<DataFormatException>(() => H5adReader.Read(path));

        Assert.Equal("/obs", error.Location);
        Assert.Contains("X, var", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateCellNames_ThrowsUnlessMakeUniqueIsAskedFor()
    {
        var path = H5adFixture.Write(TestPaths.NewTempFolder(), file => file["obs"] = H5adFixture.Frame(
            ["c1", "c1", "c1"], ("cell_type", H5adFixture.Categorical([0, 1, 0], ["alpha", "beta"]))));

        var error = Assert.Throws<DuplicateNamesException>(() => H5adReader.Read(path));
        var result = H5adReader.ReadWithReport(path, new H5adReadOptions { MakeNamesUnique = true });

        Assert.Equal(3, error.Duplicates["c1"]);
        Assert.Equal(["c1", "c1-1", "c1-2"], result.Data.CellNames);
        Assert.Equal(2, result.Report.CellNamesRenamed);
    }

    [Fact]
    public void Read_UnsortedAndRepeatedCsrIndices_AreCanonicalisedLikeScipy()
    {
        var path = H5adFixture.Write(TestPaths.NewTempFolder(), file =>
            file["X"] = H5adFixture.Csr(3, 2, [0, 2, 2, 5], [1, 0, 1, 0, 1], [5f, 2f, 7f, 1f, 1f]));

        var x = H5adReader.Read(path).X;

        Assert.Equal([2f, 5f, 0f, 0f, 1f, 8f], x.ToDense());
        Assert.Equal([0, 1, 0, 1], x.ColumnIndices);
    }

    [Fact]
    public void Read_CsrIndexOutOfRange_ThrowsNamingX()
    {
        var path = H5adFixture.Write(TestPaths.NewTempFolder(), file =>
            file["X"] = H5adFixture.Csr(3, 2, [0, 1, 1, 3], [1, 0, 9], [5f, 2f, 7f]));

        var error = Assert.Throws<DataFormatException>(() => H5adReader.Read(path));

        Assert.Equal("/X", error.Location);
        Assert.Contains("index 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GraphsInObsp_AreReportedAsSkipped()
    {
        var path = H5adFixture.Write(TestPaths.NewTempFolder(), file => file["obsp"] = new PureHDF.H5Group
        {
            Attributes = H5adFixture.Encoding("dict", "0.1.0"),
            ["connectivities"] = H5adFixture.Csr(3, 3, [0, 0, 0, 0], [], []),
        });

        var report = H5adReader.ReadWithReport(path).Report;

        Assert.Contains(report.SkippedElements, s => s.StartsWith("/obsp/connectivities:", StringComparison.Ordinal));
    }
}
