using System.Globalization;

namespace PllmML.Kernels.Tests.Similarity;

/// <summary>The numpy-computed fixture of <c>Fixtures/make_similarity_fixture.py</c>.</summary>
internal static class SimilarityFixture
{
    public static string Folder => Path.Combine(TestPaths.RepositoryRoot, "tests", "Kernels", "Similarity", "Fixtures");

    public static (float[] Values, int Rows, int Width) ReadEmbeddings(string name)
    {
        var rows = File.ReadAllLines(Path.Combine(Folder, name))
            .Select(line => line.Split('\t').Skip(1).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        return (rows.SelectMany(row => row).ToArray(), rows.Length, rows[0].Length);
    }

    /// <summary>Expected (target, score) lists per side ("A" or "B") and query.</summary>
    public static Dictionary<(string Side, int Query), List<(int Target, double Score)>> ReadExpected(string name)
    {
        var result = new Dictionary<(string, int), List<(int, double)>>();
        foreach (var fields in File.ReadAllLines(Path.Combine(Folder, name)).Select(line => line.Split('\t')))
        {
            var key = (fields[0], int.Parse(fields[1], CultureInfo.InvariantCulture));
            if (!result.TryGetValue(key, out var list))
            {
                result[key] = list = [];
            }

            list.Add((int.Parse(fields[3], CultureInfo.InvariantCulture), double.Parse(fields[4], CultureInfo.InvariantCulture)));
        }

        return result;
    }
}
