using PllmML.Kernels.Similarity;

namespace PllmML.Kernels.Tests.Similarity;

/// <summary>The ILGPU kernels on ILGPU's CPU accelerator (always available), at small sizes.</summary>
public sealed class SimilarityKernelTestsIlgpuCpu : SimilarityKernelTests
{
    [Fact]
    public void Search_CpuAccelerator_SameListsAsCpuPath()
    {
        var (a, rowsA, width) = SimilarityFixture.ReadEmbeddings("a.tsv");
        var (b, rowsB, _) = SimilarityFixture.ReadEmbeddings("b.tsv");
        var pair = UnitEmbeddingPair.Create(a, rowsA, b, rowsB, width, SimilarityMetric.Pearson);
        using var gpu = IlgpuSimilaritySearch.CreateCpuAccelerator();

        var device = gpu.Search(pair, 3);
        var cpu = new CpuSimilaritySearch(2).Search(pair, 3);

        Assert.Equal(cpu.AToB.Indices, device.AToB.Indices);
        Assert.Equal(cpu.BToA.Indices, device.BToA.Indices);
        Assert.All(cpu.AToB.Scores.Zip(device.AToB.Scores), p => Assert.Equal(p.First, p.Second, 1e-5f));
    }

    [Fact]
    public void Create_MissingCudaDevice_FallsBackOrThrows()
    {
        var missing = IlgpuSimilaritySearch.CudaDeviceCount() + 3;

        using var fallback = SimilaritySearches.Create(missing, fallbackToCpu: true, maxThreads: 1);

        Assert.IsType<CpuSimilaritySearch>(fallback);
        Assert.Throws<NotSupportedException>(() => SimilaritySearches.Create(missing, fallbackToCpu: false));
        using var cpu = SimilaritySearches.Create();
        Assert.IsType<CpuSimilaritySearch>(cpu);
    }

    /// <inheritdoc/>
    protected override ISimilaritySearch CreateSearch() => IlgpuSimilaritySearch.CreateCpuAccelerator();
}
