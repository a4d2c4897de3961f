namespace PllmML.Tests.Common;

/// <summary>
/// Debian's Python with the scientific peers (anndata, scikit-learn, torch), used by interoperability tests as an
/// independent reference. Never part of the product. <c>.ci/run</c> installs it; elsewhere those tests are skipped.
/// </summary>
internal static class PythonPeer
{
    /// <summary>The interpreter: Debian's, whose packages come from apt (not the python3 on PATH).</summary>
    public const string Interpreter = "/usr/bin/python3";

    private static readonly Lazy<bool> HasAnndataLazy = new(() => Probe("import anndata, scipy, numpy"));

    /// <summary>Whether the interpreter can import anndata.</summary>
    public static bool HasAnndata => HasAnndataLazy.Value;

    /// <summary>Runs a script with arguments; throws with its output when it fails.</summary>
    /// <param name="script">The script path.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <returns>What it printed on standard output.</returns>
    public static string Run(string script, params string[] arguments)
    {
        var (exitCode, output, error) = Start([script, .. arguments]);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"python {script} {string.Join(' ', arguments)} failed "
                + $"(exit {exitCode}):\n{output}\n{error}");
    }

    /// <summary>Runs a script and returns its exit code and output without throwing.</summary>
    /// <param name="script">The script path.</param>
    /// <param name="arguments">Its arguments.</param>
    public static (int ExitCode, string Output, string Error) TryRun(string script, params string[] arguments) =>
        Start([script, .. arguments]);

    private static bool Probe(string code) => File.Exists(Interpreter) && Start(["-c", code]).ExitCode == 0;

    private static (int ExitCode, string Output, string Error) Start(string[] arguments)
    {
        var result = ChildProcess.Run(Interpreter, arguments, environment: new Dictionary<string, string?> { ["PYTHONWARNINGS"] = "ignore" });
        return (result.ExitCode, result.Output, result.Error);
    }
}
