namespace PllmML.Packaging.Tests;

/// <summary>Exit code and the interleaved standard output and error of a child process.</summary>
public sealed record ProcessResult(int ExitCode, string Output);
