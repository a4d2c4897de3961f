namespace PllmML.Tests.Common;

/// <summary>
/// A fact that checks interoperability against the real anndata (Debian <c>python3-anndata</c>, which
/// <c>.ci/run</c> installs); skipped, with the reason, on a machine without it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class AnndataFactAttribute : FactAttribute
{
    public AnndataFactAttribute()
    {
        if (!PythonPeer.HasAnndata)
        {
            Skip = $"needs {PythonPeer.Interpreter} with anndata (apt-get install python3-anndata)";
        }
    }
}
