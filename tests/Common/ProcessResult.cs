namespace PllmML.Tests.Common;

/// <summary>What a child process left: its exit code, standard output and standard error.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    /// <summary>Output then error, for failure messages.</summary>
    public string Transcript => Output + Error;
}
