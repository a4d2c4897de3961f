using System.Text.Json;

namespace PllmML.Transforms.Tests.SingleCell;

internal static class Fixtures
{
    private static readonly Lazy<JsonDocument> SeuratV3Lazy = new(() => JsonDocument.Parse(File.ReadAllText(Path("seurat_v3_fixture.json"))));

    public static JsonElement SeuratV3 => SeuratV3Lazy.Value.RootElement;

    public static string Path(string name) =>
        System.IO.Path.Combine(TestPaths.RepositoryRoot, "tests", "Transforms", "SingleCell", "fixtures", name);

    public static double[] Doubles(JsonElement array) =>
        array.EnumerateArray().Select(value => value.ValueKind == JsonValueKind.Null ? double.NaN : value.GetDouble()).ToArray();

    public static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            if (double.IsNaN(expected[i]))
            {
                Assert.True(double.IsNaN(actual[i]), $"{what}[{i}]: expected NaN, got {actual[i]}");
                continue;
            }

            var limit = tolerance * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= limit, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
