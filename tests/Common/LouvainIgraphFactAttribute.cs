namespace PllmML.Tests.Common;

/// <summary>
/// A fact that compares with louvain-igraph's algorithm (scanpy's Louvain) through leidenalg in Debian's Python
/// (<c>python3-leidenalg</c>); skipped, with the reason, on a machine without it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class LouvainIgraphFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> HasLeidenalg = new(() =>
        File.Exists(PythonPeer.Interpreter) && PythonPeer.TryRun("-c", "import leidenalg, igraph").ExitCode == 0);

    public LouvainIgraphFactAttribute()
    {
        if (!HasLeidenalg.Value)
        {
            Skip = $"needs {PythonPeer.Interpreter} with leidenalg (apt-get install python3-leidenalg)";
        }
    }
}
