using PllmML.Data.Text;

namespace PllmML.Data.TenX;

/// <summary>The columns of a features (or legacy genes) file: id, name and, from Cell Ranger 3 on, feature type.</summary>
/// <param name="Ids">Column 1: gene ids.</param>
/// <param name="Names">Column 2: gene symbols.</param>
/// <param name="Types">Column 3: feature types, or <c>null</c> when the file has two columns.</param>
internal sealed record FeatureTable(string[] Ids, string[] Names, string[]? Types)
{
    /// <summary>Reads the file; every line must have the same number of tab-separated fields, at least two.</summary>
    /// <param name="path">The features file.</param>
    /// <param name="matrixPath">The matrix file, named when the counts differ.</param>
    /// <param name="expected">The number of matrix rows.</param>
    public static FeatureTable Read(string path, string matrixPath, int expected)
    {
        var ids = new List<string>(expected);
        var names = new List<string>(expected);
        var types = new List<string>(expected);
        var fields = new List<string>();
        var width = 0;
        using var reader = TextInput.OpenLines(path);
        while (reader.TryReadLine(out var line))
        {
            var problem = DelimitedLine.Split(line, '\t', fields);
            if (problem is not null)
            {
                throw reader.Error(problem);
            }

            width = width == 0 ? CheckFirstWidth(reader, fields.Count) : width;
            if (fields.Count != width)
            {
                throw reader.Error(
                    $"has {fields.Count} tab-separated fields, but line 1 has {width}; every line must have the same fields");
            }

            ids.Add(fields[0]);
            names.Add(fields[1]);
            types.Add(width >= 3 ? fields[2] : string.Empty);
        }

        NameFile.CheckCount(path, reader.LineNumber, ids.Count, expected, matrixPath, "rows (genes)");
        return new FeatureTable([.. ids], [.. names], width >= 3 ? [.. types] : null);
    }

    private static int CheckFirstWidth(LineReader reader, int width) =>
        width >= 2
            ? width
            : throw reader.Error(
                $"has {width} field; expected tab-separated 'id, name, feature type' (or 'id, name' for Cell Ranger 2)");
}
