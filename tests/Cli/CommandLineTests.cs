namespace PllmML.Cli.Tests;

public class CommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("inspect", "--help")]
    [InlineData("convert", "--help")]
    [InlineData("markers", "--help")]
    public void Help_IsPrintedForEveryVerb_WithExitCodeZero(params string[] args)
    {
        var run = CliRun.Of(args);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownVerb_FailsWithUsageExitCode()
    {
        var run = CliRun.Of("frobnicate");

        Assert.Equal(PllmCommandLine.BadUsage, run.ExitCode);
    }

    [Fact]
    public void Inspect_MissingFile_FailsWithOneLineErrorNamingTheFile()
    {
        var run = CliRun.Of("inspect", "/no/such/file.h5ad");

        Assert.Equal(PllmCommandLine.BadInput, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("pllm: error:", line, StringComparison.Ordinal);
        Assert.Contains("/no/such/file.h5ad", line, StringComparison.Ordinal);
    }
}
