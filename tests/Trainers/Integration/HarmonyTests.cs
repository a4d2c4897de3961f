using System.Text.Json;
using PllmML.Trainers.Integration;

namespace PllmML.Trainers.Tests.Integration;

public sealed class HarmonyTests
{
    private static readonly Lazy<JsonDocument> Fixture = new(() => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(TestPaths.RepositoryRoot, "tests", "Trainers", "Integration", "fixtures", "harmony_fixture.json"))));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Run_MatchesNumpyReference(int caseIndex)
    {
        var root = Fixture.Value.RootElement;
        var d = root.GetProperty("dimensions").GetInt32();
        var cells = Doubles(root.GetProperty("cells")).Select(value => (float)value).ToArray();
        var expected = root.GetProperty("cases")[caseIndex];
        var covariates = expected.GetProperty("covariates").EnumerateArray()
            .Select(column => (IReadOnlyList<string>)column.EnumerateArray().Select(value => value.GetString()!).ToArray()).ToArray();
        var names = covariates.Length == 1 ? new[] { "species" } : ["species", "donor"];

        var result = Harmony.Run(cells, d, covariates, names, new HarmonyOptions { Seed = root.GetProperty("seed").GetInt32() });

        Assert.Equal(expected.GetProperty("clusterIterations").EnumerateArray().Select(value => value.GetInt32()), result.ClusterIterations);
        AssertClose(Doubles(expected.GetProperty("objectives")), [.. result.Objectives], 1e-6);
        AssertClose(Doubles(expected.GetProperty("assignments")), result.Assignments, 1e-6);
        AssertClose(Doubles(expected.GetProperty("centroids")), result.Model.Centroids, 1e-6);
        AssertClose(Doubles(expected.GetProperty("coefficients")), result.Model.Coefficients, 1e-5);
        AssertClose(Doubles(expected.GetProperty("corrected")), result.Corrected, 1e-5);
    }

    [Fact]
    public void Run_SameSeed_SameResult_OtherSeed_Differs()
    {
        var (cells, species) = Synthetic();
        var first = Harmony.Run(cells, 10, [species], ["species"], new HarmonyOptions { Seed = 3 });
        var second = Harmony.Run(cells, 10, [species], ["species"], new HarmonyOptions { Seed = 3 });
        var other = Harmony.Run(cells, 10, [species], ["species"], new HarmonyOptions { Seed = 4 });
        Assert.Equal(first.Corrected, second.Corrected);
        Assert.NotEqual(first.Corrected, other.Corrected);
    }

    [Fact]
    public void Run_OnIlgpuCpuAccelerator_MatchesCpuKernels()
    {
        var (cells, species) = Synthetic();
        using var accelerator = PllmML.Kernels.Integration.HarmonyAccelerator.CreateCpu();
        var cpu = Harmony.Run(cells, 10, [species], ["species"], new HarmonyOptions { Seed = 11 });
        var ilgpu = Harmony.Run(cells, 10, [species], ["species"], new HarmonyOptions { Seed = 11, Accelerator = accelerator });
        Assert.Equal(cpu.ClusterIterations, ilgpu.ClusterIterations);
        AssertClose(cpu.Corrected, ilgpu.Corrected, 1e-8);
    }

    [Fact]
    public void Map_OfTrainingCells_IsCloseToHarmonyCorrection()
    {
        var (cells, species) = Synthetic();
        var result = Harmony.Run(cells, 10, [species], ["species"]);
        var mapped = new float[10];
        double error = 0, shift = 0;
        for (var cell = 0; cell < species.Length; cell++)
        {
            var level = result.Model.Levels.ToList().IndexOf($"species={species[cell]}");
            result.Model.Map(cells.AsSpan(cell * 10, 10), [level], mapped);
            for (var j = 0; j < 10; j++)
            {
                error += Math.Pow(mapped[j] - result.Corrected[(cell * 10) + j], 2);
                shift += Math.Pow(cells[(cell * 10) + j] - result.Corrected[(cell * 10) + j], 2);
            }
        }

        // The mapping has no diversity penalty, so it is not identical; it must remove most of the correction gap.
        Assert.True(error < 0.1 * shift, $"mapping error {error:F1} vs correction size {shift:F1}");
    }

    internal static (float[] Cells, string[] Species) Synthetic()
    {
        var root = Fixture.Value.RootElement;
        var cells = Doubles(root.GetProperty("cells")).Select(value => (float)value).ToArray();
        var species = root.GetProperty("cases")[0].GetProperty("covariates")[0].EnumerateArray().Select(value => value.GetString()!).ToArray();
        return (cells, species);
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(value => value.GetDouble()).ToArray();

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(1, expected.Max(Math.Abs));
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= tolerance * scale, $"max |difference| {worst:G3} > {tolerance * scale:G3}");
    }
}
