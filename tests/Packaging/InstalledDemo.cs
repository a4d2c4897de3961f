namespace PllmML.Packaging.Tests;

/// <summary>
/// <c>dotnet tool install --tool-path … --add-source &lt;packages&gt; pllm</c> in a fresh folder outside the
/// repository, then <c>pllm demo</c> there: what a user does after receiving the packages.
/// </summary>
internal sealed class InstalledDemo
{
    public InstalledDemo(string packages)
    {
        Folder = TestPaths.NewTempFolder();
        Install = DotnetCommand.Run("dotnet", Folder, TimeSpan.FromMinutes(10),
            "tool", "install", "--tool-path", "tools", "--add-source", packages, "pllm", "--version", PackageFolder.Version);
        Tool = Path.Combine(Folder, "tools", "pllm");
        if (Install.ExitCode != 0)
        {
            Run = new ProcessResult(-1, string.Empty, "not run: the install failed");
            return;
        }

        Version = DotnetCommand.Run(Tool, Folder, TimeSpan.FromMinutes(1), "--version");
        Run = DotnetCommand.Run(Tool, Folder, TimeSpan.FromMinutes(15), "demo", "--out", "pllm-demo");
    }

    public string Folder { get; }

    public string Tool { get; }

    public string Output => Path.Combine(Folder, "pllm-demo");

    public ProcessResult Install { get; }

    public ProcessResult? Version { get; }

    public ProcessResult Run { get; }
}
