using PureHDF;

namespace PllmML.Data.Tests.H5ad;

/// <summary>
/// Builds small h5ad files element by element with PureHDF, so that tests can break exactly one element (a code
/// out of range, a wrong shape) and check the reader's error.
/// </summary>
internal static class H5adFixture
{
    public static Dictionary<string, object> Encoding(string type, string version = "0.2.0") =>
        new() { ["encoding-type"] = type, ["encoding-version"] = version };

    /// <summary>A valid 3 cells × 2 genes file; <paramref name="change"/> edits the tree before it is written.</summary>
    public static string Write(string folder, Action<H5File> change)
    {
        var file = new H5File
        {
            Attributes = Encoding("anndata", "0.1.0"),
            ["X"] = Csr(3, 2, [0, 1, 1, 3], [1, 0, 1], [5f, 2f, 7f]),
            ["obs"] = Frame(["c1", "c2", "c3"], ("cell_type", Categorical([0, 1, 0], ["alpha", "beta"]))),
            ["var"] = Frame(["INS", "GCG"]),
        };
        change(file);
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".h5ad");
        file.Write(path);
        return path;
    }

    public static H5Group Csr(long rows, long columns, int[] indptr, int[] indices, float[] data)
    {
        var attributes = Encoding("csr_matrix", "0.1.0");
        attributes["shape"] = new[] { rows, columns };
        return new H5Group { Attributes = attributes, ["data"] = data, ["indices"] = indices, ["indptr"] = indptr };
    }

    public static H5Group Frame(string[] names, params (string Name, object Column)[] columns)
    {
        var attributes = Encoding("dataframe");
        attributes["_index"] = "_index";
        attributes["column-order"] = columns.Select(c => c.Name).ToArray();
        var group = new H5Group
        {
            Attributes = attributes,
            ["_index"] = new H5Dataset(names) { Attributes = Encoding("string-array") },
        };
        foreach (var (name, column) in columns)
        {
            group[name] = column;
        }

        return group;
    }

    public static H5Group Categorical(sbyte[] codes, string[] categories) => new()
    {
        Attributes = Encoding("categorical"),
        ["codes"] = new H5Dataset(codes) { Attributes = Encoding("array") },
        ["categories"] = new H5Dataset(categories) { Attributes = Encoding("string-array") },
    };
}
