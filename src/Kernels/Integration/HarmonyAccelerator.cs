using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace PllmML.Kernels.Integration;

/// <summary>
/// Harmony's two heaviest loops — cell × centroid cosine distances and the per-cluster weighted sums of cells — as
/// ILGPU kernels, for CUDA (or ILGPU's CPU accelerator, which runs the same kernels and is what the tests use). The
/// results equal <see cref="HarmonyKernels.CosineDistances"/> and <see cref="HarmonyKernels.WeightedSums"/> up to
/// floating-point summation order. Owns the ILGPU context and accelerator; dispose it when done.
/// </summary>
public sealed class HarmonyAccelerator : IDisposable
{
    private readonly Context _context;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int> _distances;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int, int> _weightedSums;

    private HarmonyAccelerator(Context context, Accelerator accelerator)
    {
        _context = context;
        Accelerator = accelerator;
        _distances = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int>(DistanceKernel);
        _weightedSums = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int, int>(WeightedSumKernel);
    }

    /// <summary>The ILGPU accelerator in use.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The first CUDA device, or null when there is none.</summary>
    public static HarmonyAccelerator? CreateCuda()
    {
        var context = Context.Create(builder => builder.Cuda());
        var device = context.Devices.FirstOrDefault(candidate => candidate.AcceleratorType == AcceleratorType.Cuda);
        if (device is null)
        {
            context.Dispose();
            return null;
        }

        return new HarmonyAccelerator(context, device.CreateAccelerator(context));
    }

    /// <summary>ILGPU's CPU accelerator (the same kernels, run on CPU threads; for tests and fallback).</summary>
    public static HarmonyAccelerator CreateCpu()
    {
        var context = Context.Create(builder => builder.CPU());
        return new HarmonyAccelerator(context, context.CreateCPUAccelerator(0));
    }

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

    /// <inheritdoc />
    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }

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
