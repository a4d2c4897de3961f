using System.CommandLine;
using PllmML.Cli.Commands;
using PllmML.Data;
using Spectre.Console;

namespace PllmML.Cli;

/// <summary>
/// The <c>pllm</c> command line: a thin layer over the PllmML libraries. Every verb reports success with exit code
/// 0 and failure with a non-zero code and one line on standard error.
/// </summary>
public static class PllmCommandLine
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for bad input data (a file that does not hold what its format promises).</summary>
    public const int BadInput = 1;

    /// <summary>Exit code for bad usage (unknown verb, missing or invalid option).</summary>
    public const int BadUsage = 2;

    /// <summary>Builds the command tree.</summary>
    /// <param name="console">Where results are written.</param>
    public static RootCommand Create(IAnsiConsole console)
    {
        var root = new RootCommand(
            "pllm: cross-species single-cell integration with protein language models.\n"
            + "Inspect and convert single-cell, protein and ortholog files, embed proteins with ESM-2, map genes "
            + "across species, fit and apply one integration model, and evaluate the result.");
        root.Add(RunCommand.Create(console));
        root.Add(DemoCommand.Create(console));
        root.Add(InspectCommand.Create(console));
        root.Add(ConvertCommand.Create(console));
        root.Add(ModelCommand.Create(console));
        root.Add(EmbedCommand.Create(console));
        root.Add(MapCommand.Create(console));
        root.Add(HomologyCommand.Create(console));
        root.Add(TableCommand.Create(console));
        root.Add(CompareCommand.Create(console));
        root.Add(CompareMapsCommand.Create(console));
        root.Add(FitCommand.Create(console));
        root.Add(PredictCommand.Create(console));
        root.Add(EvaluateCommand.Create(console));
        root.Add(MarkersCommand.Create(console));
        return root;
    }

    /// <summary>Parses the arguments and runs the chosen verb.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="console">Where results are written.</param>
    /// <param name="error">Where the one-line error goes.</param>
    /// <returns>The process exit code.</returns>
    public static int Run(string[] args, IAnsiConsole console, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var parseResult = Create(console).Parse(args);
        var configuration = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            Output = new AnsiConsoleWriter(console),
            Error = error,
        };
        try
        {
            var exitCode = parseResult.Invoke(configuration);
            return parseResult.Errors.Count > 0 ? BadUsage : exitCode;
        }
        catch (Exception exception) when (IsUserError(exception))
        {
            error.WriteLine($"pllm: error: {OneLine(exception.Message)}");
            return exception is ArgumentException or UsageException ? BadUsage : BadInput;
        }
        catch (Exception exception)
        {
            // Nothing escapes as a crash: an error the libraries did not type still names the inputs it came from.
            var files = args.Where(arg => File.Exists(arg) || Directory.Exists(arg)).ToList();
            var where = files.Count > 0 ? string.Join(", ", files) + ": " : string.Empty;
            error.WriteLine($"pllm: error: {where}{OneLine($"{exception.GetType().Name}: {exception.Message}")}");
            return BadInput;
        }
    }

    private static bool IsUserError(Exception exception) =>
        exception is DataFormatException or IOException or UnauthorizedAccessException or ArgumentException
            or UsageException or KeyNotFoundException or NotSupportedException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
