using PllmML.Kernels.Devices;
using Xunit.Abstractions;

namespace PllmML.Kernels.Tests;

/// <summary>Marks a backend test class that needs a CUDA device; its backend facts are skipped without one.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class CudaBackendAttribute : Attribute
{
    private static readonly Lazy<bool> HasCuda = new(() => IlgpuDevice.CudaDeviceCount() > 0);

    /// <summary>Why the facts of <paramref name="testClass"/> cannot run here, or null when they can.</summary>
    public static string? SkipReason(ITypeInfo testClass) =>
        testClass.GetCustomAttributes(typeof(CudaBackendAttribute).AssemblyQualifiedName!).Any() && !HasCuda.Value ? "needs a CUDA device (ILGPU finds none)" : null;
}
