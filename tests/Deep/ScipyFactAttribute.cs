namespace PllmML.Deep.Tests;

/// <summary>A fact that compares with numpy/scipy in Debian's Python; skipped, with the reason, without them.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ScipyFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> HasScipy = new(() =>
        File.Exists(PythonPeer.Interpreter) && PythonPeer.TryRun("-c", "import scipy.special, numpy").ExitCode == 0);

    public ScipyFactAttribute()
    {
        if (!HasScipy.Value)
        {
            Skip = $"needs {PythonPeer.Interpreter} with numpy and scipy (apt-get install python3-scipy)";
        }
    }
}
