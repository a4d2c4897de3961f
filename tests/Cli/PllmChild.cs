using System.Diagnostics;

namespace PllmML.Cli.Tests;

/// <summary>The pllm command line started as a child process, for tests that kill it (its output is drained and dropped).</summary>
internal static class PllmChild
{
    /// <summary>Starts <c>dotnet pllm.dll</c> with the arguments.</summary>
    /// <param name="arguments">The command line after <c>pllm</c>.</param>
    public static Process Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pllm.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var child = Process.Start(start)!;
        child.OutputDataReceived += (_, _) => { };
        child.ErrorDataReceived += (_, _) => { };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        return child;
    }
}
