namespace PllmML.Kernels.Tests;

/// <summary>A fact that compares with numpy in Debian's Python; skipped, with the reason, on a machine without it.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class NumpyFactAttribute : FactAttribute
{
    public NumpyFactAttribute() => Skip = Numpy.SkipReason;
}
