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
    public void Read_PreAnndata07Layout_RefusesWithAOneLineConversionHint()
    {
        var path = Archive("v0.5.0");

        var error = Assert.Throws<DataFormatException>(() => H5adReader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal("/obs", error.Location);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("anndata < 0.7", error.Problem, StringComparison.Ordinal);
        Assert.Contains($"anndata.read_h5ad('{path}').write_h5ad(", error.Problem, StringComparison.Ordinal);
    }

    [AnndataFact]
    public void Read_PreAnndata07Layout_TheHintsConversionReadsAsAnndataReadsTheOriginal()
    {
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "adata.h5ad");
        File.Copy(Archive("v0.5.0"), path);
        var hint = Assert.Throws<DataFormatException>(() => H5adReader.Read(path)).Problem;
        var command = hint[(hint.IndexOf("-c \"", StringComparison.Ordinal) + 4)..^1];

        PythonPeer.Run("-c", command);

        var converted = Path.Combine(folder, "adata.converted.h5ad");
        var data = H5adReader.Read(converted);
        var expected = Dump(path, folder);
        Assert.Equal((700, 765), (data.CellCount, data.GeneCount));
        Assert.Equal(H5adInteropTests.ReadMatrix(expected.GetProperty("X")), data.X.ToDense());
        H5adInteropTests.AssertSameFrame(expected.GetProperty("obs"), data.Obs);
        H5adInteropTests.AssertSameFrame(expected.GetProperty("var"), data.Var);
        Assert.Equal(10, Assert.IsType<CategoricalColumn>(data.Obs["bulk_labels"]).Categories.Length);
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
