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

    private static readonly Lazy<string> RunFolderLazy = new(CreateRunFolder);

    /// <summary>
    /// A fresh empty folder under this test process's own folder in <c>$TMPDIR/pllm-tests</c>, which is deleted when the
    /// process exits (a full run writes gigabytes of models and h5ad files; a long-lived machine must not fill up).
    /// </summary>
    public static string NewTempFolder()
    {
        var folder = Path.Combine(RunFolderLazy.Value, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string CreateRunFolder()
    {
        var root = Path.Combine(Path.GetTempPath(), "pllm-tests");
        Directory.CreateDirectory(root);
        DeleteStaleFolders(root);
        var run = Path.Combine(root, $"run-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(run);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(run);
        return run;
    }

    // Folders left by killed or crashed runs (and by runs before per-process folders) go after a day.
    private static void DeleteStaleFolders(string root)
    {
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > TimeSpan.FromDays(1))
            {
                TryDelete(folder);
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Another process may still hold a file; the next run's stale sweep removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
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
