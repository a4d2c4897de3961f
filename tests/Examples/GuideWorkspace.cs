using System.Text.RegularExpressions;
using PllmML.Cli.Tests;

namespace PllmML.Examples.Tests;

/// <summary>
/// The folder a reader of <c>docs/scanpy-seurat.md</c> works in — a clone, here a temp folder with <c>data/</c> and
/// <c>configs/</c> linked to the repository's — after running, in order, every <c>pllm</c> line of the guide's
/// blocks marked <c>&lt;!-- tested --&gt;</c> (the bundled demo, then <c>pllm predict</c>). Shared by all tests of the
/// project: about a minute on 2 cores.
/// </summary>
public sealed partial class GuideWorkspace : IDisposable
{
    public const string TestedMarker = "<!-- tested -->";

    public GuideWorkspace()
    {
        Folder = TestPaths.NewTempFolder();
        Directory.CreateSymbolicLink(Path.Combine(Folder, "data"), TestPaths.Bundled());
        Directory.CreateSymbolicLink(Path.Combine(Folder, "configs"), Path.Combine(TestPaths.RepositoryRoot, "configs"));
        Commands = [.. TestedCommands(File.ReadAllText(GuidePath)).Select(Run)];
    }

    /// <summary>The guide.</summary>
    public static string GuidePath => Path.Combine(TestPaths.RepositoryRoot, "docs", "scanpy-seurat.md");

    /// <summary>The working folder.</summary>
    public string Folder { get; }

    /// <summary>The guide's tested commands with their results, in order.</summary>
    public IReadOnlyList<CommandResult> Commands { get; }

    /// <summary>A path relative to the working folder.</summary>
    public string PathOf(string relative) => Path.Combine(Folder, relative);

    /// <summary>The <c>pllm</c> lines of the fenced blocks that follow <see cref="TestedMarker"/>, continuations joined.</summary>
    public static IEnumerable<string> TestedCommands(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != TestedMarker)
            {
                continue;
            }

            var command = string.Empty;
            for (var j = i + 2; j < lines.Length && !lines[j].StartsWith("```", StringComparison.Ordinal); j++)
            {
                var line = lines[j].Split(" #")[0].Trim();
                command += line.TrimEnd('\\').Trim() + " ";
                if (!line.EndsWith('\\'))
                {
                    if (command.StartsWith("pllm ", StringComparison.Ordinal))
                    {
                        yield return command.Trim();
                    }

                    command = string.Empty;
                }
            }
        }
    }

    public void Dispose() => Directory.Delete(Folder, true);

    /// <summary>Runs <c>pllm</c> in-process with these arguments.</summary>
    public static CommandResult Pllm(params string[] arguments)
    {
        var run = CliRun.Of(arguments);
        return new CommandResult(string.Join(' ', ["pllm", .. arguments]), run.ExitCode, run.Output, run.Error);
    }

    private CommandResult Run(string command) =>
        Pllm([.. Words().Split(command)[1..].Select(word => LooksLikePath(word) ? PathOf(word) : word)]) with { Command = command };

    private static bool LooksLikePath(string word) =>
        !word.StartsWith('-') && (word.Contains('/', StringComparison.Ordinal) || Path.HasExtension(word));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Words();

    /// <summary>One command of the guide and what it did.</summary>
    public sealed record CommandResult(string Command, int ExitCode, string Output, string Error);
}
