namespace PllmML.Examples.Tests;

/// <summary>
/// A fact that runs the guide's Python session: needs Debian's Python with anndata and scikit-learn
/// (<c>python3-anndata</c>, <c>python3-sklearn</c>); skipped, with the reason, on a machine without them. scanpy is
/// optional (a stand-in checks the guide's scanpy calls where it is missing).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class GuidePythonFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> HasPeers = new(() =>
        PythonPeer.HasAnndata && PythonPeer.TryRun("-c", "import sklearn, pandas").ExitCode == 0);

    public GuidePythonFactAttribute()
    {
        if (!HasPeers.Value)
        {
            Skip = $"needs {PythonPeer.Interpreter} with anndata and scikit-learn (apt-get install python3-anndata python3-sklearn)";
        }
    }
}
