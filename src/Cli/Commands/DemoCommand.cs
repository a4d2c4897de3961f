using System.CommandLine;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// <c>pllm demo [--out folder] [--no-run]</c>: writes the bundled demo (configs/demo.json and the real data it reads,
/// with their licenses) into <c>&lt;out&gt;/inputs</c> and runs it into <c>&lt;out&gt;</c> — the installed tool's
/// equivalent of the README's first command.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The demo's files beside the pllm assembly (copied there by the build and packed into the tool).</summary>
    internal static string BundledFolder => Path.Combine(AppContext.BaseDirectory, "demo");

    public static Command Create(IAnsiConsole console)
    {
        var output = new Option<string>("--out") { Description = "The output folder; the demo's inputs go to <out>/inputs.", DefaultValueFactory = _ => "pllm-demo" };
        var noRun = new Option<bool>("--no-run") { Description = "Only write the inputs (then run: pllm run <out>/inputs/configs/demo.json --out <out>)." };
        var command = new Command("demo", "Write the bundled demo (real human and mouse pancreas cells, proteins, a tiny random-weight ESM-2) and run it.") { output, noRun };
        command.SetAction(parse =>
        {
            var folder = Path.GetFullPath(parse.GetRequiredValue(output));
            var config = WriteInputs(console, Path.Combine(folder, "inputs"));
            if (parse.GetValue(noRun))
            {
                console.MarkupLine($"Run it: [bold]pllm run {Markup.Escape(config)} --out {Markup.Escape(folder)}[/]");
                return PllmCommandLine.Success;
            }

            return RunCommand.Execute(console, config, folder);
        });
        return command;
    }

    /// <summary>Copies the bundled demo into <paramref name="inputs"/>; returns the path of its config.</summary>
    internal static string WriteInputs(IAnsiConsole console, string inputs)
    {
        var source = BundledFolder;
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"{source}: this build of pllm carries no bundled demo (expected beside {typeof(DemoCommand).Assembly.Location})");
        }

        var files = Directory.GetFiles(source, "*", SearchOption.AllDirectories);
        var written = files.Count(file => CopyIfChanged(file, Path.Combine(inputs, Path.GetRelativePath(source, file))));
        console.MarkupLine($"Demo inputs in {Markup.Escape(inputs)}: {files.Length} files ({written} written, {files.Length - written} already there); provenance and licenses in data/README.md.");
        return Path.Combine(inputs, "configs", "demo.json");
    }

    /// <summary>Leaves a file that is already identical untouched, so that a rerun sees no change.</summary>
    private static bool CopyIfChanged(string from, string to)
    {
        if (File.Exists(to) && FilesEqual(from, to))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
        return true;
    }

    private static bool FilesEqual(string first, string second) =>
        new FileInfo(first).Length == new FileInfo(second).Length
        && File.ReadAllBytes(first).AsSpan().SequenceEqual(File.ReadAllBytes(second));
}
