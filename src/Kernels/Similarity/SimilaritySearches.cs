using PllmML.Kernels.Devices;

namespace PllmML.Kernels.Similarity;

/// <summary>Chooses where a similarity search runs, honouring ML.NET's <c>GpuDeviceId</c>/<c>FallbackToCpu</c>.</summary>
public static class SimilaritySearches
{
    /// <summary>Creates a search.</summary>
    /// <param name="gpuDeviceId">
    /// A CUDA device index for the ILGPU kernel, or null for the fast CPU path (as <c>MLContext.GpuDeviceId</c>).
    /// </param>
    /// <param name="fallbackToCpu">When the CUDA device is missing, use the CPU path instead of failing.</param>
    /// <param name="maxThreads">Threads for the CPU path; all cores when null.</param>
    /// <exception cref="NotSupportedException">The CUDA device is missing and fallback is off.</exception>
    public static ISimilaritySearch Create(int? gpuDeviceId = null, bool fallbackToCpu = false, int? maxThreads = null)
    {
        var device = IlgpuDevice.TryCreate(gpuDeviceId, fallbackToCpu);
        return device is null ? new CpuSimilaritySearch(maxThreads) : IlgpuSimilaritySearch.Owning(device);
    }
}
