namespace PllmML.Packaging.Tests;

/// <summary>Runs dotnet, the installed tool or a consumer as a child process, outside the test host's MSBuild state.</summary>
internal static class DotnetCommand
{
    /// <summary>The child must not inherit the MSBuild state that `dotnet test` gives the test host.</summary>
    private static readonly Dictionary<string, string?> ChildEnvironment = new()
    {
        ["MSBuildExtensionsPath"] = null,
        ["MSBuildSDKsPath"] = null,
        ["MSBUILD_EXE_PATH"] = null,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    public static ProcessResult Run(string fileName, string workingFolder, TimeSpan timeout, params string[] arguments) =>
        ChildProcess.Run(fileName, arguments, workingFolder, timeout, ChildEnvironment);
}
