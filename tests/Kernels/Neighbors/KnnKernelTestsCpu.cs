using PllmML.Kernels.Neighbors;

namespace PllmML.Kernels.Tests.Neighbors;

/// <summary>The CPU backend (<see cref="ExactKnn"/>), with the block sizes only it has.</summary>
public sealed class KnnKernelTestsCpu : KnnKernelTests
{
    [Fact]
    public void Search_SeveralBlocksAndQueryChunks_MatchesBruteForce()
    {
        // Several 512-row reference blocks and 256-row query chunks.
        const int rows = 1100, dimensions = 17, k = 12;
        var data = Numpy.Gaussian(rows * dimensions, rows);
        var all = SquaredDistanceBlocks.All(rows);

        AssertSameGraph(BruteForce(data, dimensions, all, all, k, excludeSelf: true), ExactKnn.Search(data, dimensions, k));
    }

    [Fact]
    public void Create_WithoutDevice_IsTheCpu()
    {
        using var search = NeighborSearches.Create();
        Assert.IsType<CpuNeighborSearch>(search);
        Assert.StartsWith("CPU", search.DeviceName, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpu_IsOneSharedCpuSearch_StillUsableAfterDispose()
    {
        var data = Numpy.Gaussian(40 * 3, 40);
        NeighborSearches.Cpu.Dispose();

        Assert.IsType<CpuNeighborSearch>(NeighborSearches.Cpu);
        Assert.Same(NeighborSearches.Cpu, NeighborSearches.Cpu);
        AssertSameGraph(ExactKnn.Search(data, 3, 4), NeighborSearches.Cpu.Search(data, 3, 4));
    }

    /// <inheritdoc/>
    protected override INeighborSearch CreateSearch() => new CpuNeighborSearch();
}
