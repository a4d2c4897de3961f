using ILGPU;
using ILGPU.Runtime;
using PllmML.Kernels.Devices;

namespace PllmML.Kernels.Integration;

/// <summary>
/// Harmony's two heaviest loops — cell × centroid cosine distances and the per-cluster weighted sums of cells — as
/// ILGPU kernels, for CUDA (or ILGPU's CPU accelerator, which runs the same kernels and is what the tests use). The
/// results equal <see cref="HarmonyKernels.CosineDistances"/> and <see cref="HarmonyKernels.WeightedSums"/> up to
/// floating-point summation order. It runs on an <see cref="IlgpuDevice"/>, which it owns when made by
/// <see cref="CreateCuda"/> or <see cref="CreateCpu"/>; dispose it when done.
/// </summary>
public sealed class HarmonyAccelerator : IDisposable
{
    private readonly IlgpuDevice _device;
    private readonly bool _ownsDevice;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int> _distances;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int, int> _weightedSums;

    /// <summary>Loads the kernels on a device the caller keeps owning (and disposes after this accelerator).</summary>
    /// <param name="device">The device.</param>
    public HarmonyAccelerator(IlgpuDevice device)
        : this(device, ownsDevice: false)
    {
    }

    private HarmonyAccelerator(IlgpuDevice device, bool ownsDevice)
    {
        (_device, _ownsDevice) = (device ?? throw new ArgumentNullException(nameof(device)), ownsDevice);
        _distances = Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int>(DistanceKernel);
        _weightedSums = Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int, int>(WeightedSumKernel);
    }

    /// <summary>The ILGPU accelerator in use.</summary>
    public Accelerator Accelerator => _device.Accelerator;

    /// <summary>The first CUDA device, or null when there is none.</summary>
    public static HarmonyAccelerator? CreateCuda()
    {
        var device = IlgpuDevice.TryCreate(0, fallbackToCpu: true);
        return device is null ? null : Owning(device);
    }

    /// <summary>ILGPU's CPU accelerator (the same kernels, run on CPU threads; for tests and fallback).</summary>
    public static HarmonyAccelerator CreateCpu() => Owning(IlgpuDevice.CreateCpu());

    /// <summary>Cosine distances, as <see cref="HarmonyKernels.CosineDistances"/>.</summary>
    /// <param name="centroids">Clusters × dimensions.</param>
    /// <param name="cells">Cells × dimensions.</param>
    /// <param name="dimensions">Dimensions.</param>
    /// <param name="distances">Cells × clusters; overwritten.</param>
    public void CosineDistances(double[] centroids, double[] cells, int dimensions, double[] distances)
    {
        ArgumentNullException.ThrowIfNull(centroids);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(distances);
        using var y = Accelerator.Allocate1D(centroids);
        using var z = Accelerator.Allocate1D(cells);
        using var d = Accelerator.Allocate1D<double>(distances.Length);
        _distances(distances.Length, y.View, z.View, d.View, dimensions, centroids.Length / dimensions);
        d.CopyToCPU(distances);
    }

    /// <summary>Cluster sums, as <see cref="HarmonyKernels.WeightedSums"/>.</summary>
    /// <param name="cells">Cells × dimensions.</param>
    /// <param name="assignments">Cells × clusters.</param>
    /// <param name="clusters">Clusters.</param>
    /// <param name="dimensions">Dimensions.</param>
    public double[] WeightedSums(double[] cells, double[] assignments, int clusters, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(assignments);
        var sums = new double[clusters * dimensions];
        using var z = Accelerator.Allocate1D(cells);
        using var r = Accelerator.Allocate1D(assignments);
        using var y = Accelerator.Allocate1D<double>(sums.Length);
        _weightedSums(sums.Length, z.View, r.View, y.View, cells.Length / dimensions, clusters, dimensions);
        y.CopyToCPU(sums);
        return sums;
    }

    /// <summary>Disposes the device when this accelerator owns it.</summary>
    public void Dispose()
    {
        if (_ownsDevice)
        {
            _device.Dispose();
        }
    }

    private static HarmonyAccelerator Owning(IlgpuDevice device) =>
        device.HandOver(owned => new HarmonyAccelerator(owned, ownsDevice: true));

    private static void DistanceKernel(Index1D index, ArrayView<double> centroids, ArrayView<double> cells, ArrayView<double> distances, int dimensions, int clusters)
    {
        var cell = index / clusters;
        var cluster = index % clusters;
        var dot = 0.0;
        for (var j = 0; j < dimensions; j++)
        {
            dot += centroids[(cluster * dimensions) + j] * cells[(cell * dimensions) + j];
        }

        distances[index] = 2 * (1 - dot);
    }

    private static void WeightedSumKernel(Index1D index, ArrayView<double> cells, ArrayView<double> assignments, ArrayView<double> sums, int count, int clusters, int dimensions)
    {
        var cluster = index / dimensions;
        var j = index % dimensions;
        var sum = 0.0;
        for (var cell = 0; cell < count; cell++)
        {
            sum += assignments[((long)cell * clusters) + cluster] * cells[((long)cell * dimensions) + j];
        }

        sums[index] = sum;
    }
}
