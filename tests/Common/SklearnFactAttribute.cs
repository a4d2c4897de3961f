namespace PllmML.Tests.Common;

/// <summary>
/// A fact that compares with scikit-learn in Debian's Python (<c>python3-sklearn</c>); skipped, with the reason, on a
/// machine without it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SklearnFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> HasSklearn = new(() =>
        File.Exists(PythonPeer.Interpreter) && PythonPeer.TryRun("-c", "import sklearn, numpy").ExitCode == 0);

    public SklearnFactAttribute()
    {
        if (!HasSklearn.Value)
        {
            Skip = $"needs {PythonPeer.Interpreter} with scikit-learn (apt-get install python3-sklearn)";
        }
    }
}
