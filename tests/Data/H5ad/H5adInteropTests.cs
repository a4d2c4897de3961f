using System.Text.Json;
using PllmML.Data.H5ad;

namespace PllmML.Data.Tests.H5ad;

/// <summary>Interoperability with the real anndata, in both directions.</summary>
public class H5adInteropTests
{
    private static readonly string Peer = Path.Combine(AppContext.BaseDirectory, "H5ad", "anndata_peer.py");

    [AnndataFact]
    public void Read_FileWrittenByAnndata_EqualsWhatAnndataReads()
    {
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "peer.h5ad");
        PythonPeer.Run(Peer, "write", path);
        var expected = Dump(path, folder);

        var data = H5adReader.Read(path);

        AssertSameData(expected, data);
        Assert.Equal(ReadMatrix(expected.GetProperty("layers").GetProperty("counts")), data.Layers["counts"].ToDense());
        Assert.Equal(ReadMatrix(expected.GetProperty("layers").GetProperty("dense")), data.Layers["dense"].ToDense());
        Assert.Equal(ReadMatrix(expected.GetProperty("varm").GetProperty("PCs")), data.Varm["PCs"].Values);
        var raw = expected.GetProperty("raw");
        Assert.Equal(ReadMatrix(raw.GetProperty("X")), data.Raw!.X.ToDense());
        Assert.Equal(Strings(raw.GetProperty("var").GetProperty("names")), data.Raw.Var.Names.AsEnumerable());
    }

    [AnndataFact]
    public void Read_FileCompressedByAnndataWithLzf_EqualsWhatAnndataReads() => AssertCompressedReadsAsAnndata("lzf");

    [AnndataFact]
    public void Read_FileCompressedByAnndataWithGzip_EqualsWhatAnndataReads() => AssertCompressedReadsAsAnndata("gzip");

    private static void AssertCompressedReadsAsAnndata(string compression)
    {
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, $"peer-{compression}.h5ad");
        PythonPeer.Run(Peer, "write", path, compression);
        var expected = Dump(path, folder);

        var data = H5adReader.Read(path);

        AssertSameData(expected, data);
        Assert.Equal(ReadMatrix(expected.GetProperty("layers").GetProperty("counts")), data.Layers["counts"].ToDense());
        Assert.Equal(ReadMatrix(expected.GetProperty("raw").GetProperty("X")), data.Raw!.X.ToDense());
    }

    [AnndataFact]
    public void Write_AnndataReadsBackTheSameValues()
    {
        var folder = TestPaths.NewTempFolder();
        var source = Path.Combine(folder, "peer.h5ad");
        PythonPeer.Run(Peer, "write", source);
        var data = H5adReader.Read(source);
        var path = Path.Combine(folder, "ours.h5ad");

        H5adWriter.Write(data, path);

        AssertSameData(Dump(path, folder), data);
    }

    [AnndataFact]
    public void Write_BundledHuman_AnndataSeesTheSameDataAsTheOriginal()
    {
        var original = TestPaths.Bundled("pancreas", "human.h5ad");
        var path = Path.Combine(TestPaths.NewTempFolder(), "human.h5ad");

        H5adWriter.Write(H5adReader.Read(original), path);
        var (exitCode, output, error) = PythonPeer.TryRun(Peer, "compare", original, path);

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("identical", output, StringComparison.Ordinal);
    }

    [AnndataFact]
    public void WriteSpooled_BundledHuman_AnndataSeesTheSameDataAsTheOriginal()
    {
        var original = TestPaths.Bundled("pancreas", "human.h5ad");
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "human.h5ad");
        var data = H5adReader.Read(original);

        using (var spool = H5adRoundTripTests.Spool(data.X, folder))
        {
            H5adWriter.Write(H5adRoundTripTests.WithoutX(data), path, spool);
        }

        var (exitCode, output, error) = PythonPeer.TryRun(Peer, "compare", original, path);

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("identical", output, StringComparison.Ordinal);
    }

    [AnndataFact]
    public void Write_MissingStringsAndBooleans_ReachAnndataAsCategoryAndBool()
    {
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "small.h5ad");

        H5adWriter.Write(H5adRoundTripTests.SmallData(), path);
        var obs = Dump(path, folder).GetProperty("obs").GetProperty("columns");

        Assert.Equal("bool", obs.GetProperty("is_doublet").GetProperty("kind").GetString());
        var note = obs.GetProperty("note");
        Assert.Equal("categorical", note.GetProperty("kind").GetString());
        Assert.Equal([-1, 1, 0], note.GetProperty("codes").EnumerateArray().Select(c => c.GetInt32()));
    }

    private static JsonElement Dump(string path, string folder)
    {
        var json = Path.Combine(folder, Path.GetFileNameWithoutExtension(path) + ".json");
        PythonPeer.Run(Peer, "dump", path, json);
        return JsonDocument.Parse(File.ReadAllText(json)).RootElement;
    }

    private static void AssertSameData(JsonElement expected, CellMatrix data)
    {
        Assert.Equal(ReadMatrix(expected.GetProperty("X")), data.X.ToDense());
        AssertSameFrame(expected.GetProperty("obs"), data.Obs);
        AssertSameFrame(expected.GetProperty("var"), data.Var);
        foreach (var embedding in expected.GetProperty("obsm").EnumerateObject())
        {
            Assert.Equal(ReadMatrix(embedding.Value), data.Obsm[embedding.Name].Values);
        }

        foreach (var item in expected.GetProperty("uns").EnumerateObject())
        {
            AssertSameUns(item.Value, data.Uns[item.Name], item.Name);
        }
    }

    internal static void AssertSameFrame(JsonElement expected, AnnotationTable table)
    {
        Assert.Equal(Strings(expected.GetProperty("names")), table.Names.AsEnumerable());
        Assert.Equal(Strings(expected.GetProperty("order")), table.ColumnNames.AsEnumerable());
        foreach (var column in expected.GetProperty("columns").EnumerateObject())
        {
            AssertSameColumn(column.Value, table[column.Name]);
        }
    }

    private static void AssertSameColumn(JsonElement expected, AnnotationColumn column)
    {
        switch (expected.GetProperty("kind").GetString())
        {
            case "categorical":
                var categorical = Assert.IsType<CategoricalColumn>(column);
                Assert.Equal(Strings(expected.GetProperty("categories")), categorical.Categories.AsEnumerable());
                Assert.Equal(expected.GetProperty("codes").EnumerateArray().Select(c => c.GetInt32()), categorical.Codes);
                Assert.Equal(expected.GetProperty("ordered").GetBoolean(), categorical.Ordered);
                break;
            case "bool":
                Assert.Equal(
                    expected.GetProperty("values").EnumerateArray().Select(v => v.GetBoolean()),
                    Assert.IsType<BooleanColumn>(column).Values);
                break;
            case "string":
                Assert.Equal(Strings(expected.GetProperty("values")), Assert.IsType<StringColumn>(column).Values);
                break;
            default:
                var numeric = Assert.IsType<NumericColumn>(column);
                Assert.Equal(expected.GetProperty("dtype").GetString(), numeric.StorageType.ToString().ToLowerInvariant());
                Assert.Equal(
                    expected.GetProperty("values").EnumerateArray()
                        .Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble()),
                    numeric.Values);
                break;
        }
    }

    private static void AssertSameUns(JsonElement expected, object actual, string name)
    {
        var value = expected.TryGetProperty("value", out var v) ? v : default;
        switch (expected.GetProperty("kind").GetString())
        {
            case "dict":
                var nested = Assert.IsType<Dictionary<string, object>>(actual);
                foreach (var item in expected.GetProperty("items").EnumerateObject())
                {
                    AssertSameUns(item.Value, nested[item.Name], $"{name}/{item.Name}");
                }

                break;
            case "string":
                Assert.Equal(value.GetString(), actual);
                break;
            case "bool":
                Assert.Equal(value.GetBoolean(), actual);
                break;
            case "int":
                Assert.Equal(value.GetInt64(), actual);
                break;
            case "float":
                Assert.Equal(value.GetDouble(), actual);
                break;
            case "strings":
                Assert.Equal(Strings(value), Assert.IsType<string[]>(actual).AsEnumerable());
                break;
            default:
                Assert.Equal(value.EnumerateArray().Select(v => v.GetDouble()), Assert.IsType<double[]>(actual));
                break;
        }
    }

    internal static float[] ReadMatrix(JsonElement matrix) =>
        matrix.GetProperty("values").EnumerateArray()
            .Select(v => v.ValueKind == JsonValueKind.Null ? float.NaN : (float)v.GetDouble()).ToArray();

    internal static string?[] Strings(JsonElement array) =>
        array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.GetString()).ToArray();
}
