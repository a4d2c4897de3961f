namespace PllmML.Packaging.Tests;

/// <summary>
/// The packed .nupkg files: those in <c>$PLLM_PACKAGES</c> (what <c>.ci/run</c> packs before the tests), else a
/// <c>dotnet pack</c> of the solution into a temporary folder, once per test run.
/// </summary>
public sealed class PackageFolder
{
    public const string Version = "0.1.0";

    public static readonly string[] Libraries =
        ["PllmML.Data", "PllmML.Kernels", "PllmML.Homology", "PllmML.Esm", "PllmML.Transforms", "PllmML.Trainers", "PllmML.Evaluation", "PllmML.Comparative", "PllmML.Pipeline", "PllmML.Deep"];

    private readonly Lazy<InstalledDemo> _demo;

    public PackageFolder()
    {
        _demo = new Lazy<InstalledDemo>(() => new InstalledDemo(Folder!));
        var given = Environment.GetEnvironmentVariable("PLLM_PACKAGES");
        if (!string.IsNullOrEmpty(given))
        {
            Folder = Path.GetFullPath(given);
            PackOutput = $"packages from $PLLM_PACKAGES={given}";
            return;
        }

        Folder = Path.Combine(TestPaths.NewTempFolder(), "packages");
        var pack = DotnetCommand.Run("dotnet", TestPaths.RepositoryRoot, TimeSpan.FromMinutes(20),
            "pack", "PllmML.sln", "-c", "Release", "-o", Folder);
        PackOutput = pack.Transcript;
        Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.Transcript);
    }

    /// <summary>The tool installed from these packages into a fresh folder, and its run of the bundled demo.</summary>
    internal InstalledDemo Demo => _demo.Value;

    public string Folder { get; }

    public string PackOutput { get; }

    public string PathOf(string id) => Path.Combine(Folder, $"{id}.{Version}.nupkg");
}
