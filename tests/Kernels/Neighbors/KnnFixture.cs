using System.Globalization;

namespace PllmML.Kernels.Tests.Neighbors;

/// <summary>The scikit-learn-computed fixture of <c>Fixtures/make_knn_fixture.py</c> (NearestNeighbors, brute force).</summary>
internal static class KnnFixture
{
    public const int Dimensions = 5;

    public const int K = 6;

    public static string Folder => Path.Combine(TestPaths.RepositoryRoot, "tests", "Kernels", "Neighbors", "Fixtures");

    public static double[] ReadCells() =>
        File.ReadAllLines(Path.Combine(Folder, "cells.tsv"))
            .SelectMany(line => line.Split('\t').Select(v => double.Parse(v, CultureInfo.InvariantCulture)))
            .ToArray();

    /// <summary>Per query, the expected neighbours (positions) and distances, nearest first.</summary>
    public static (int[] Indices, double[] Distances)[] ReadExpected(string name) =>
        File.ReadAllLines(Path.Combine(Folder, name))
            .Select(line => line.Split('\t'))
            .GroupBy(fields => int.Parse(fields[0], CultureInfo.InvariantCulture))
            .OrderBy(group => group.Key)
            .Select(group => (
                group.Select(fields => int.Parse(fields[2], CultureInfo.InvariantCulture)).ToArray(),
                group.Select(fields => double.Parse(fields[3], CultureInfo.InvariantCulture)).ToArray()))
            .ToArray();
}
