using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace PllmML.Kernels.Devices;

/// <summary>
/// The one owner of an ILGPU <see cref="ILGPU.Context"/> and its <see cref="ILGPU.Runtime.Accelerator"/> in PllmML:
/// every ILGPU kernel wrapper (<see cref="Similarity.IlgpuSimilaritySearch"/>,
/// <see cref="Integration.HarmonyAccelerator"/>) runs on one of these. Device choice follows ML.NET's
/// <c>MLContext.GpuDeviceId</c> / <c>FallbackToCpu</c> (see <see cref="TryCreate"/>); ILGPU's CPU accelerator, which
/// runs the same kernels on CPU threads, is for tests. Disposing releases the accelerator, then the context.
/// </summary>
public sealed class IlgpuDevice : IDisposable
{
    /// <summary>Threads per group on ILGPU's CPU accelerator (16 × 16 groups, the largest a kernel here uses).</summary>
    private const int CpuWarp = 16;

    private IlgpuDevice(Context context, Accelerator accelerator)
    {
        Context = context;
        Accelerator = accelerator;
    }

    /// <summary>The ILGPU context.</summary>
    public Context Context { get; }

    /// <summary>The accelerator kernels are loaded on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Whether this is a CUDA device (not ILGPU's CPU accelerator).</summary>
    public bool IsCuda => Accelerator.AcceleratorType == AcceleratorType.Cuda;

    /// <summary>A short description for logs and reports, for example <c>ILGPU Cuda: NVIDIA H200</c>.</summary>
    public string Name => $"ILGPU {Accelerator.AcceleratorType}: {Accelerator.Name}";

    /// <summary>The CUDA devices ILGPU can see (0 when there is no driver).</summary>
    public static int CudaDeviceCount()
    {
        try
        {
            using var context = Context.Create(builder => builder.Cuda());
            return context.GetCudaDevices().Count;
        }
        catch (Exception exception) when (exception is DllNotFoundException or TypeInitializationException
            or InvalidOperationException or NotSupportedException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>
    /// The device for ML.NET-style settings: none (the caller's plain CPU path) when <paramref name="gpuDeviceId"/>
    /// is null or when that CUDA device is missing and <paramref name="fallbackToCpu"/> is set; else CUDA device
    /// <paramref name="gpuDeviceId"/>.
    /// </summary>
    /// <param name="gpuDeviceId">A CUDA device index (as <c>MLContext.GpuDeviceId</c>), or null.</param>
    /// <param name="fallbackToCpu">When the CUDA device is missing, return null instead of failing (as <c>MLContext.FallbackToCpu</c>).</param>
    /// <exception cref="NotSupportedException">The CUDA device is missing and fallback is off.</exception>
    public static IlgpuDevice? TryCreate(int? gpuDeviceId, bool fallbackToCpu)
    {
        if (gpuDeviceId is not { } device)
        {
            return null;
        }

        return fallbackToCpu && device >= CudaDeviceCount() ? null : CreateCuda(device);
    }

    /// <summary>CUDA device <paramref name="deviceId"/>.</summary>
    /// <param name="deviceId">The CUDA device index (as <c>MLContext.GpuDeviceId</c>).</param>
    /// <exception cref="NotSupportedException">There is no such CUDA device.</exception>
    public static IlgpuDevice CreateCuda(int deviceId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        var available = CudaDeviceCount();
        if (deviceId >= available)
        {
            throw new NotSupportedException($"CUDA device {deviceId} was requested but ILGPU finds {available} CUDA device(s).");
        }

        var context = Context.Create(builder => builder.Cuda().Optimize(OptimizationLevel.O2));
        return Own(context, () => context.CreateCudaAccelerator(deviceId));
    }

    /// <summary>ILGPU's CPU accelerator: the same kernels on CPU threads, for tests and debugging.</summary>
    public static IlgpuDevice CreateCpu()
    {
        var context = Context.Create(builder => builder.CPU(new CPUDevice(CpuWarp, CpuWarp, 1)));
        return Own(context, () => context.CreateCPUAccelerator(0));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Accelerator.Dispose();
        Context.Dispose();
    }

    /// <summary>
    /// Hands this device to a kernel wrapper that will own it: runs <paramref name="create"/>, and disposes the device
    /// if that throws (for example while compiling kernels).
    /// </summary>
    internal T HandOver<T>(Func<IlgpuDevice, T> create)
    {
        try
        {
            return create(this);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private static IlgpuDevice Own(Context context, Func<Accelerator> create)
    {
        try
        {
            return new IlgpuDevice(context, create());
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }
}
