using System.CommandLine;
using PllmML.Cli.Commands;
using PllmML.Data;
using Spectre.Console;

namespace PllmML.Cli;

/// <summary>
/// The <c>pllm</c> command line: a thin layer over the PllmML libraries. Every verb reports success with exit code
/// 0 and failure with a non-zero code and one line on standard error: <see cref="BadInput"/> (1) for data the
/// libraries refused with a typed error, <see cref="BadUsage"/> (2) for a wrong command line, and
/// <see cref="InternalError"/> (70) for an exception no library typed, which is a bug, not bad data.
/// </summary>
public static class PllmCommandLine
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for bad input data (a file that does not hold what its format promises).</summary>
    public const int BadInput = 1;

    /// <summary>Exit code for bad usage (unknown verb, missing or invalid option).</summary>
    public const int BadUsage = 2;

    /// <summary>Exit code for an internal error: an exception the libraries did not type (a
    /// <see cref="NullReferenceException"/>, an <see cref="IndexOutOfRangeException"/>, an
    /// <see cref="InvalidOperationException"/> of our own code, …). It is a bug to report, never a verdict on the
    /// data: 70 is <c>EX_SOFTWARE</c> of BSD's <c>sysexits.h</c>.</summary>
    public const int InternalError = 70;

    /// <summary>Where to report an internal error.</summary>
    private const string ReportTo = "https://github.com/pllmml/pllmml/issues";

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
        catch (OutOfMemoryException exception)
        {
            // Not a verdict on the data (the readers bound every allocation by the file's size), nor a bug: the
            // inputs are too large for this machine's memory.
            error.WriteLine($"pllm: error: {Files(args)}out of memory: {OneLine(exception.Message)}");
            return BadInput;
        }
        catch (Exception exception)
        {
            // Nothing escapes as a crash, and no bug passes for bad data: the one line names the inputs and the type.
            error.WriteLine($"pllm: internal error: {Files(args)}{OneLine($"{exception.GetType().Name}: {exception.Message}")} "
                + $"(please report it, with the command line, to {ReportTo})");
            return InternalError;
        }
    }

    /// <summary>The arguments that name existing files or folders, comma-separated and followed by ": ", or nothing.</summary>
    private static string Files(string[] args)
    {
        var files = args.Where(arg => File.Exists(arg) || Directory.Exists(arg)).ToList();
        return files.Count > 0 ? string.Join(", ", files) + ": " : string.Empty;
    }

    private static bool IsUserError(Exception exception) =>
        exception is DataFormatException or IOException or UnauthorizedAccessException or ArgumentException
            or UsageException or KeyNotFoundException or NotSupportedException or Esm.EsmDeviceException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
