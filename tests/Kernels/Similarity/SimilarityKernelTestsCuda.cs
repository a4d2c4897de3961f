using PllmML.Kernels.Similarity;

namespace PllmML.Kernels.Tests.Similarity;

/// <summary>The ILGPU kernels on CUDA device 0; every fact is skipped on a machine without one.</summary>
[CudaBackend]
public sealed class SimilarityKernelTestsCuda : SimilarityKernelTests
{
    /// <inheritdoc/>
    protected override ISimilaritySearch CreateSearch()
    {
        var search = IlgpuSimilaritySearch.CreateCuda(0);
        Assert.True(search.IsCuda);
        return search;
    }
}
