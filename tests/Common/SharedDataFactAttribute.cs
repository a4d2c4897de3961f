namespace PllmML.Tests.Common;

/// <summary>
/// A fact that reads the team's reference data in <c>../shared</c> (the original project's tables, which carry no
/// license and so are not bundled). It runs in CI and on developer machines and is skipped, with the reason, on a
/// clone that has no <c>../shared</c> beside it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!TestPaths.SharedExists)
        {
            Skip = $"needs the reference data at {TestPaths.SharedRoot} (not present on this machine)";
        }
    }
}
