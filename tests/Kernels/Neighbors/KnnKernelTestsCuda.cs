using PllmML.Kernels.Neighbors;

namespace PllmML.Kernels.Tests.Neighbors;

/// <summary>The ILGPU backend on CUDA device 0; every fact is skipped on a machine without one.</summary>
[CudaBackend]
public sealed class KnnKernelTestsCuda : KnnKernelTests
{
    /// <inheritdoc/>
    protected override INeighborSearch CreateSearch()
    {
        var search = NeighborSearches.Create(0);
        Assert.True(((IlgpuNeighborSearch)search).IsCuda);
        return search;
    }
}
