using PllmML.Cli;
using Spectre.Console;

namespace PllmML.Cli.Tests;

/// <summary>Runs the pllm command line in-process and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        // Wide enough that no message line wraps, whatever the length of the test's temporary paths.
        console.Profile.Width = 1000;
        var exitCode = PllmCommandLine.Run(args, console, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
