using PllmML.Kernels.Devices;
using PllmML.Kernels.Neighbors;

namespace PllmML.Kernels.Tests.Neighbors;

/// <summary>The ILGPU backend on ILGPU's CPU accelerator (always available): the device kernels, emulated.</summary>
public sealed class KnnKernelTestsIlgpuCpu : KnnKernelTests
{
    [Fact]
    public void Search_ThreeTilesEachWay_EqualsCpuSearch()
    {
        // Queries and references span three 64-row tiles (2048 on a device).
        const int rows = 150, dimensions = 7, k = 4;
        var data = Numpy.Gaussian(rows * dimensions, rows + dimensions);
        using var search = IlgpuNeighborSearch.CreateCpuAccelerator(64);

        AssertSameGraph(ExactKnn.Search(data, dimensions, k), search.Search(data, dimensions, k));
    }

    [Fact]
    public void Query_FarFromTheOrigin_FloatCancellationIsCaughtAndRecomputed()
    {
        // Float distances lose every digit there: the certificate must fail and the CPU answer those queries.
        var rows = SquaredDistanceBlocks.All(200);
        using var search = IlgpuNeighborSearch.CreateCpuAccelerator();

        search.Query(FarFromTheOrigin(), 4, rows[..50], rows, 6, excludeSelf: true);

        Assert.True(search.RecomputedQueries > 0);
    }

    [Fact]
    public void Create_MissingCudaDevice_FallsBackOrThrows()
    {
        var missing = IlgpuDevice.CudaDeviceCount() + 3;

        using var fallback = NeighborSearches.Create(missing, fallbackToCpu: true);

        Assert.IsType<CpuNeighborSearch>(fallback);
        Assert.Throws<NotSupportedException>(() => NeighborSearches.Create(missing, fallbackToCpu: false));
    }

    /// <inheritdoc/>
    protected override INeighborSearch CreateSearch() => IlgpuNeighborSearch.CreateCpuAccelerator();
}
