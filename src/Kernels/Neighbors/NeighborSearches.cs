using PllmML.Kernels.Devices;

namespace PllmML.Kernels.Neighbors;

/// <summary>Chooses where an exact kNN search runs, honouring ML.NET's <c>GpuDeviceId</c>/<c>FallbackToCpu</c>.</summary>
public static class NeighborSearches
{
    /// <summary>
    /// The CPU search, shared: it holds no state, so every caller may use it at once, and disposing it does nothing. The
    /// default of every caller that takes an optional <see cref="INeighborSearch"/>.
    /// </summary>
    public static INeighborSearch Cpu { get; } = new CpuNeighborSearch();

    /// <summary>Creates a search; every backend returns the same graph.</summary>
    /// <param name="gpuDeviceId">A CUDA device index for the ILGPU kernels, or null for the CPU (as <c>MLContext.GpuDeviceId</c>).</param>
    /// <param name="fallbackToCpu">When the CUDA device is missing, use the CPU instead of failing.</param>
    /// <exception cref="NotSupportedException">The CUDA device is missing and fallback is off.</exception>
    public static INeighborSearch Create(int? gpuDeviceId = null, bool fallbackToCpu = false)
    {
        var device = IlgpuDevice.TryCreate(gpuDeviceId, fallbackToCpu);
        return device is null ? new CpuNeighborSearch() : IlgpuNeighborSearch.Owning(device);
    }
}
