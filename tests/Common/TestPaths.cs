namespace PllmML.Tests.Common;

/// <summary>
/// Where test inputs live: the repository's bundled <c>data/</c> (always there) and the team's reference folder
/// <c>../shared</c> beside the checkout (there in CI and on developer machines, absent on a user's fresh clone).
/// </summary>
internal static class TestPaths
{
    private static readonly Lazy<string> RepositoryRootLazy = new(FindRepositoryRoot);

    /// <summary>The checkout's root folder (the one holding <c>PllmML.sln</c>).</summary>
    public static string RepositoryRoot => RepositoryRootLazy.Value;

    /// <summary>The reference folder beside the checkout, or <c>PLLM_SHARED</c> when set.</summary>
    public static string SharedRoot =>
        Environment.GetEnvironmentVariable("PLLM_SHARED") is { Length: > 0 } shared
            ? shared
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>Whether the reference folder exists.</summary>
    public static bool SharedExists => Directory.Exists(Path.Combine(SharedRoot, "data"));

    /// <summary>A path under the bundled <c>data/</c> folder.</summary>
    /// <param name="parts">Path parts below <c>data/</c>.</param>
    public static string Bundled(params string[] parts) =>
        Path.Combine([RepositoryRoot, "data", .. parts]);

    /// <summary>A path under <c>../shared/data/</c>.</summary>
    /// <param name="parts">Path parts below <c>shared/data/</c>.</param>
    public static string Shared(params string[] parts) => Path.Combine([SharedRoot, "data", .. parts]);

    /// <summary>A fresh empty folder under the system temp folder, deleted by the caller or the OS.</summary>
    public static string NewTempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pllm-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PllmML.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No PllmML.sln above {AppContext.BaseDirectory}.");
    }
}
