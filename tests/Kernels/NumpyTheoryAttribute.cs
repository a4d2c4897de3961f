namespace PllmML.Kernels.Tests;

/// <summary>A theory that compares with numpy in Debian's Python; skipped, with the reason, on a machine without it.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class NumpyTheoryAttribute : TheoryAttribute
{
    public NumpyTheoryAttribute() => Skip = Numpy.SkipReason;
}
