namespace PllmML.Comparative.Tests;

/// <summary>
/// A fact that runs the R code of <c>docs/scanpy-seurat.md</c>: Rscript with Seurat, DropletUtils and hdf5r (Debian's
/// r-cran-seurat, r-bioc-dropletutils, r-cran-hdf5r, which <c>.ci/run</c> installs); skipped, naming what is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SeuratGuideFactAttribute : FactAttribute
{
    private static readonly (string Package, string Debian)[] Packages =
        [("Seurat", "r-cran-seurat"), ("DropletUtils", "r-bioc-dropletutils"), ("hdf5r", "r-cran-hdf5r")];

    private static readonly Lazy<string?> Missing = new(FindMissing);

    public SeuratGuideFactAttribute()
    {
        if (Missing.Value is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? FindMissing()
    {
        if (!File.Exists("/usr/bin/Rscript"))
        {
            return "needs /usr/bin/Rscript with Seurat, DropletUtils and hdf5r (apt-get install r-cran-seurat r-bioc-dropletutils r-cran-hdf5r)";
        }

        // One R process reports every package it cannot load.
        var check = string.Join(";", Packages.Select(p => $"if (!requireNamespace('{p.Package}', quietly = TRUE)) cat('{p.Package}\\n')"));
        var result = ChildProcess.Run("/usr/bin/Rscript", ["-e", check]);
        if (result.ExitCode != 0)
        {
            return $"Rscript failed checking the R packages: {result.Error}";
        }

        var missing = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        return missing.Length == 0
            ? null
            : $"needs the R packages {string.Join(", ", missing)} (apt-get install {string.Join(' ', Packages.Where(p => missing.Contains(p.Package)).Select(p => p.Debian))})";
    }
}
