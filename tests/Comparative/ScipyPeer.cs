namespace PllmML.Comparative.Tests;

/// <summary>The committed generator script <c>tests/Comparative/scipy_reference.py</c>, run with Debian's Python.</summary>
internal static class ScipyPeer
{
    private static readonly Lazy<bool> HasScipyLazy = new(() =>
        File.Exists(PythonPeer.Interpreter) && PythonPeer.TryRun("-c", "import scipy, numpy, anndata").ExitCode == 0);

    public static string Script => Path.Combine(TestPaths.RepositoryRoot, "tests", "Comparative", "scipy_reference.py");

    public static bool Available => HasScipyLazy.Value;

    public const string SkipReason = "needs /usr/bin/python3 with numpy, scipy and anndata (apt-get install python3-scipy python3-anndata)";
}
