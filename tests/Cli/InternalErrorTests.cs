using System.Text;
using Spectre.Console;

namespace PllmML.Cli.Tests;

/// <summary>
/// An exception no library typed is a bug, not bad data: exit code 70 (<see cref="PllmCommandLine.InternalError"/>)
/// and one line that names the inputs, the exception's type and where to report it; typed data errors keep exit 1.
/// </summary>
public sealed class InternalErrorTests
{
    [Fact]
    public void Inspect_WhoseRenderingThrowsAnUntypedException_ExitsSeventyWithOneLineNamingTheFileAndTheType()
    {
        var file = TestPaths.Bundled("pancreas", "human.h5ad");
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(new BrokenWriter()),
        });
        var error = new StringWriter();

        var exitCode = PllmCommandLine.Run(["inspect", file], console, error);

        Assert.Equal(PllmCommandLine.InternalError, exitCode);
        Assert.Equal(70, exitCode);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"pllm: internal error: {file}: InvalidOperationException: a bug in the renderer", line, StringComparison.Ordinal);
        Assert.Contains("please report", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_OfADamagedH5ad_StillExitsOne()
    {
        var folder = Directory.CreateTempSubdirectory("pllm-internal-");
        try
        {
            var bytes = File.ReadAllBytes(TestPaths.Bundled("pancreas", "human.h5ad"));
            bytes.AsSpan(0, 8).Clear(); // no HDF5 signature
            var file = Path.Combine(folder.FullName, "damaged.h5ad");
            File.WriteAllBytes(file, bytes);

            var run = CliRun.Of("inspect", file);

            Assert.Equal(PllmCommandLine.BadInput, run.ExitCode);
            var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("pllm: error: ", line, StringComparison.Ordinal);
            Assert.Contains(file, line, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A console output that fails the way a bug in our own code would.</summary>
    private sealed class BrokenWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => throw new InvalidOperationException("a bug in the renderer");

        public override void Write(string? value) => throw new InvalidOperationException("a bug in the renderer");
    }
}
