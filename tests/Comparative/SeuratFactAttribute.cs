namespace PllmML.Comparative.Tests;

/// <summary>A fact checked against Seurat (Rscript with r-cran-seurat, which <c>.ci/run</c> installs); skipped, with the reason, without it.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SeuratFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> HasSeurat = new(() =>
        File.Exists("/usr/bin/Rscript") && ChildProcess.Run("/usr/bin/Rscript", ["-e", "suppressMessages(library(Seurat))"]).ExitCode == 0);

    public SeuratFactAttribute()
    {
        if (!HasSeurat.Value)
        {
            Skip = "needs /usr/bin/Rscript with Seurat (apt-get install r-cran-seurat)";
        }
    }
}
