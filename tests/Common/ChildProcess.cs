using System.Diagnostics;

namespace PllmML.Tests.Common;

/// <summary>Runs a program as a child process and captures its standard output and error.</summary>
internal static class ChildProcess
{
    /// <summary>Runs <paramref name="fileName"/> to the end.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments, passed as they are.</param>
    /// <param name="workingFolder">Its working folder (default: the test's).</param>
    /// <param name="timeout">How long it may run (default: no limit); past it the process tree is killed and the run fails.</param>
    /// <param name="environment">Variables to set; a null value removes the variable.</param>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string? workingFolder = null,
        TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingFolder ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? Timeout.InfiniteTimeSpan;
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} ran past {limit}");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output.Result, error.Result);
    }
}
