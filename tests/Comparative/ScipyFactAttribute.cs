namespace PllmML.Comparative.Tests;

/// <summary>A fact checked against scipy (skipped, with the reason, without Debian's Python and scipy).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ScipyFactAttribute : FactAttribute
{
    public ScipyFactAttribute()
    {
        if (!ScipyPeer.Available)
        {
            Skip = ScipyPeer.SkipReason;
        }
    }
}
