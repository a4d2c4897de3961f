using System.Text.Json;
using PllmML.Data.H5ad;

namespace PllmML.Data.Tests.H5ad;

/// <summary>
/// The files of anndata's own backwards-compatibility tests (Archives/, copied from scverse/anndata): what anndata
/// reads, PllmML reads the same, or refuses with a message that says what to do.
/// </summary>
public class AnndataArchiveTests
{
    private static readonly string Peer = Path.Combine(AppContext.BaseDirectory, "H5ad", "anndata_peer.py");

    private static string Archive(string version) =>
        Path.Combine(AppContext.BaseDirectory, "H5ad", "Archives", version, "adata.h5ad");

    [Theory]
    [InlineData("v0.7.0", 228)]
    [InlineData("v0.7.8", 239)]
    public void Read_Anndata07File_ReadsLzfAndLegacyCategoricals(string version, int stored)
    {
        var result = H5adReader.ReadWithReport(Archive(version));
        var data = result.Data;

        Assert.Equal((30, 20), (data.CellCount, data.GeneCount));
        Assert.Equal(stored, data.X.StoredCount);
        Assert.Equal(["obs_cat", "cat_ordered", "int64", "float64", "uint8"], data.Obs.ColumnNames);
        Assert.True(Assert.IsType<CategoricalColumn>(data.Obs["cat_ordered"]).Ordered);
        Assert.False(Assert.IsType<CategoricalColumn>(data.Obs["obs_cat"]).Ordered);
        Assert.Equal(NumericType.UInt8, Assert.IsType<NumericColumn>(data.Obs["uint8"]).StorageType);
        Assert.Equal((30, 50), (data.Obsm["array"].RowCount, data.Obsm["array"].ColumnCount));
        Assert.Equal(["array", "sparse"], data.Layers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((30, 40), (data.Raw!.X.RowCount, data.Raw.X.ColumnCount));
        Assert.Contains(result.Report.SkippedElements, s => s.StartsWith("/obsm/df:", StringComparison.Ordinal));
        Assert.Contains(result.Report.SkippedElements, s => s.StartsWith("/obsp/sparse:", StringComparison.Ordinal));
    }

    [AnndataFact]
    public void Read_Anndata070File_EqualsWhatAnndataReads() => AssertEqualsAnndata("v0.7.0");

    [AnndataFact]
    public void Read_Anndata078File_EqualsWhatAnndataReads() => AssertEqualsAnndata("v0.7.8");

    [Fact]
    public void Read_FileWithoutX_ReadsAsNoX()
    {
        var path = Archive("v0.11.4");

        var result = H5adReader.ReadWithReport(path);

        var data = result.Data;
        Assert.False(data.HasX);
        Assert.True(result.Report.XAbsent);
        Assert.Equal((10, 20), (data.CellCount, data.GeneCount));
        Assert.Equal(["0", "1", "2"], data.CellNames.Take(3));
        var error = Assert.Throws<MissingXException>(() => data.X);
        Assert.Equal(path, error.FilePath);
        Assert.Equal("/X", error.Location);
        Assert.Contains("adata.X = adata.layers[\"counts\"]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCells_FileWithoutX_NotesItAndSubsetsKeepNoX()
    {
        var read = DataFiles.ReadCells(Archive("v0.11.4"));

        Assert.Contains(read.Notes, n => n.Contains("stores no X", StringComparison.Ordinal));
        var subset = read.Data.SelectCells([0, 2, 4]).SelectGenes([1, 3]);
        Assert.False(subset.HasX);
        Assert.Equal((3, 2), (subset.CellCount, subset.GeneCount));
        Assert.Throws<MissingXException>(() => DataFiles.WriteCells(read.Data, Path.Combine(TestPaths.NewTempFolder(), "tenx")));
    }

    [AnndataFact]
    public void Write_DataWithoutX_AnndataReadsXAsNone()
    {
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "no-x.h5ad");
        H5adWriter.Write(H5adReader.Read(Archive("v0.11.4")), path);
        var json = Path.Combine(folder, "no-x.json");

        PythonPeer.Run(Peer, "dump-core", path, json);

        var expected = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal(JsonValueKind.Null, expected.GetProperty("X").ValueKind);
        Assert.Equal(10, expected.GetProperty("obs").GetProperty("names").GetArrayLength());
        Assert.False(H5adReader.Read(path).HasX);
    }

    [Fact]
    public void Read_PreAnndata07Layout_ReadsCompoundFramesCategoriesEmbeddingsAndRaw()
    {
        var result = H5adReader.ReadWithReport(Archive("v0.5.0"));
        var data = result.Data;

        Assert.True(result.Report.LegacyLayout);
        Assert.Equal((700, 765), (data.CellCount, data.GeneCount));
        Assert.Equal("AAAGCCTGGCTAAC-1", data.CellNames[0]);
        Assert.Equal("HES4", data.GeneNames[0]);
        Assert.Equal(
            ["bulk_labels", "n_genes", "percent_mito", "n_counts", "S_score", "G2M_score", "phase", "louvain"],
            data.Obs.ColumnNames);
        var labels = Assert.IsType<CategoricalColumn>(data.Obs["bulk_labels"]);
        Assert.Equal(10, labels.Categories.Length);
        Assert.Equal(240, labels.CountPerCategory()[Array.IndexOf(labels.Categories, "Dendritic")]);
        Assert.Equal(NumericType.Int64, Assert.IsType<NumericColumn>(data.Obs["n_genes"]).StorageType);
        Assert.Equal(309, Assert.IsType<BooleanColumn>(data.Var["highly_variable"]).Values.Count(v => v));
        Assert.Equal((700, 50), (data.Obsm["X_pca"].RowCount, data.Obsm["X_pca"].ColumnCount));
        Assert.Equal((765, 50), (data.Varm["PCs"].RowCount, data.Varm["PCs"].ColumnCount));
        Assert.Equal((700, 765, 174400), (data.Raw!.X.RowCount, data.Raw.X.ColumnCount, data.Raw.X.StoredCount));
        Assert.DoesNotContain("bulk_labels_categories", data.Uns.Keys);
        Assert.Contains("bulk_labels_colors", data.Uns.Keys);
    }

    [AnndataFact]
    public void Read_PreAnndata07Layout_EqualsWhatAnndataReads()
    {
        var folder = TestPaths.NewTempFolder();
        var expected = Dump(Archive("v0.5.0"), folder);

        var data = H5adReader.Read(Archive("v0.5.0"));

        Assert.Equal(H5adInteropTests.ReadMatrix(expected.GetProperty("X")), data.X.ToDense());
        H5adInteropTests.AssertSameFrame(expected.GetProperty("obs"), data.Obs);
        H5adInteropTests.AssertSameFrame(expected.GetProperty("var"), data.Var);
        foreach (var embedding in expected.GetProperty("obsm").EnumerateObject())
        {
            Assert.Equal(H5adInteropTests.ReadMatrix(embedding.Value), data.Obsm[embedding.Name].Values);
        }

        Assert.Equal(H5adInteropTests.ReadMatrix(expected.GetProperty("varm").GetProperty("PCs")), data.Varm["PCs"].Values);
        var raw = expected.GetProperty("raw");
        Assert.Equal(H5adInteropTests.ReadMatrix(raw.GetProperty("X")), data.Raw!.X.ToDense());
        H5adInteropTests.AssertSameFrame(raw.GetProperty("var"), data.Raw.Var);
    }

    private static void AssertEqualsAnndata(string version)
    {
        var folder = TestPaths.NewTempFolder();
        var expected = Dump(Archive(version), folder);

        var data = H5adReader.Read(Archive(version));

        Assert.Equal(H5adInteropTests.ReadMatrix(expected.GetProperty("X")), data.X.ToDense());
        H5adInteropTests.AssertSameFrame(expected.GetProperty("obs"), data.Obs);
        H5adInteropTests.AssertSameFrame(expected.GetProperty("var"), data.Var);
        foreach (var name in new[] { "obsm", "varm" })
        {
            var embeddings = name == "obsm" ? data.Obsm : data.Varm;
            Assert.Equal(
                expected.GetProperty(name).EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal),
                embeddings.Keys.Order(StringComparer.Ordinal));
            foreach (var embedding in expected.GetProperty(name).EnumerateObject())
            {
                Assert.Equal(H5adInteropTests.ReadMatrix(embedding.Value), embeddings[embedding.Name].Values);
            }
        }

        foreach (var layer in expected.GetProperty("layers").EnumerateObject())
        {
            Assert.Equal(H5adInteropTests.ReadMatrix(layer.Value), data.Layers[layer.Name].ToDense());
        }

        var raw = expected.GetProperty("raw");
        Assert.Equal(H5adInteropTests.ReadMatrix(raw.GetProperty("X")), data.Raw!.X.ToDense());
        H5adInteropTests.AssertSameFrame(raw.GetProperty("var"), data.Raw.Var);
    }

    private static JsonElement Dump(string path, string folder)
    {
        var json = Path.Combine(folder, Path.GetFileNameWithoutExtension(path) + ".json");
        PythonPeer.Run(Peer, "dump-core", path, json);
        return JsonDocument.Parse(File.ReadAllText(json)).RootElement;
    }
}
