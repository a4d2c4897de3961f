namespace PllmML.Tests.Common;

/// <summary>A theory over the reference data in <c>../shared</c>; skipped where that folder is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (!TestPaths.SharedExists)
        {
            Skip = $"needs the reference data at {TestPaths.SharedRoot} (not present on this machine)";
        }
    }
}
