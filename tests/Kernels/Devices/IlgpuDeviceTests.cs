using PllmML.Kernels.Devices;
using PllmML.Kernels.Integration;
using PllmML.Kernels.Similarity;

namespace PllmML.Kernels.Tests.Devices;

public sealed class IlgpuDeviceTests
{
    [Fact]
    public void TryCreate_FollowsGpuDeviceIdAndFallbackToCpu()
    {
        var missing = IlgpuDevice.CudaDeviceCount() + 2;
        Assert.Null(IlgpuDevice.TryCreate(null, fallbackToCpu: false));
        Assert.Null(IlgpuDevice.TryCreate(missing, fallbackToCpu: true));
        var error = Assert.Throws<NotSupportedException>(() => IlgpuDevice.TryCreate(missing, fallbackToCpu: false));
        Assert.Contains($"CUDA device {missing}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneCpuDevice_RunsBothKernelFamilies_AndOutlivesThem()
    {
        using var device = IlgpuDevice.CreateCpu();
        Assert.False(device.IsCuda);
        Assert.StartsWith("ILGPU CPU", device.Name, StringComparison.Ordinal);

        using (var harmony = new HarmonyAccelerator(device))
        {
            double[] unit = [1, 0, 0, 1];
            var distances = new double[4];
            harmony.CosineDistances(unit, unit, 2, distances);
            Assert.Equal([0, 2, 2, 0], distances);
        }

        using (var search = new IlgpuSimilaritySearch(device))
        {
            float[] a = [1, 0, 0, 1, 1, 1];
            var pair = UnitEmbeddingPair.Create(a, 3, a, 3, 2, SimilarityMetric.Cosine);
            Assert.Equal([0, 1, 2], search.Search(pair, 1).AToB.Indices);
            Assert.Equal(device.Name, search.DeviceName);
        }

        // Borrowing wrappers leave the device usable.
        using var again = new HarmonyAccelerator(device);
        Assert.Equal([5, 7, 9], again.WeightedSums([1, 2, 3, 4, 5, 6], [1, 1], 1, 3));
    }
}
