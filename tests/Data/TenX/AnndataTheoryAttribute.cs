namespace PllmML.Data.Tests.TenX;

/// <summary>A theory checked against Debian's anndata/h5py; skipped, with the reason, on a machine without them.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class AnndataTheoryAttribute : TheoryAttribute
{
    public AnndataTheoryAttribute()
    {
        if (!PythonPeer.HasAnndata)
        {
            Skip = $"needs {PythonPeer.Interpreter} with anndata (apt-get install python3-anndata)";
        }
    }
}
