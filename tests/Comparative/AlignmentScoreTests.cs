using PllmML.Kernels.Neighbors;

namespace PllmML.Comparative.Tests;

/// <summary>The alignment score's kNN through <see cref="INeighborSearch"/>: every backend, the same scores.</summary>
public class AlignmentScoreTests
{
    [Fact]
    public void Compute_OnIlgpuCpuAccelerator_EqualsCpuSearchExactly()
    {
        // Overlapping random cells, so the scores are neither 0 nor 1 and every neighbour counts.
        const int dimensions = 5;
        var random = new Random(20261206);
        var data = Enumerable.Range(0, 150 * dimensions).Select(_ => random.NextDouble()).ToArray();
        string[] human = ["alpha", "beta", "delta"], mouse = ["alpha", "beta"];
        var a = ("human", Enumerable.Range(0, 70).ToArray(), Enumerable.Range(0, 70).Select(i => human[i % 3]).ToArray(), (IReadOnlyList<string>)human);
        var b = ("mouse", Enumerable.Range(70, 80).ToArray(), Enumerable.Range(0, 80).Select(i => mouse[i % 2]).ToArray(), (IReadOnlyList<string>)mouse);
        using var device = IlgpuNeighborSearch.CreateCpuAccelerator();

        var cpu = AlignmentScore.Compute(data, dimensions, a, b, 20);
        var ilgpu = AlignmentScore.Compute(data, dimensions, a, b, 20, device);

        Assert.Equal(cpu.ToCsv(), ilgpu.ToCsv());
        Assert.Contains(human, row => mouse.Any(column => cpu[row, column] is > 0 and < 1));
        Assert.Equal(cpu.Values, ilgpu.Values);
    }
}
