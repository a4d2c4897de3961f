using System.CommandLine;
using PllmML.Cli.Rendering;
using PllmML.Data;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary><c>pllm convert &lt;in&gt; &lt;out&gt;</c>: single-cell data between .h5ad files and 10x folders.</summary>
internal static class ConvertCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var input = new Argument<string>("input")
        {
            Description = "An .h5ad file, a 10x Genomics folder or a Cell Ranger .h5 file.",
        };
        var output = new Argument<string>("output")
        {
            Description = "Where to write: a path ending in .h5ad gets an anndata file, any other path a 10x folder.",
        };
        var makeUnique = CommonOptions.MakeUnique();
        var genome = InspectCommand.Genome();
        var command = new Command("convert", "Convert single-cell data between .h5ad and 10x Genomics folders.")
        {
            input, output, makeUnique, genome,
        };
        command.SetAction(parse => Run(
            console,
            parse.GetRequiredValue(input),
            parse.GetRequiredValue(output),
            parse.GetValue(makeUnique),
            parse.GetValue(genome)));
        return command;
    }

    private static int Run(IAnsiConsole console, string input, string output, bool makeUnique, string? genome)
    {
        if (Path.GetFullPath(input) == Path.GetFullPath(output))
        {
            throw new UsageException($"The output {output} is the input; choose another path.");
        }

        var read = Progress.Run(console, $"Reading {input}", () => DataFiles.ReadCells(input, makeUnique, genome));
        var kind = Progress.Run(console, $"Writing {output}", () => DataFiles.WriteCells(read.Data, output));
        foreach (var note in read.Notes)
        {
            console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        }

        console.MarkupLine(
            $"Wrote {Markup.Escape(output)} ({DataFiles.Describe(kind)}): "
            + $"{CellMatrixRenderer.Count(read.Data.CellCount)} cells × {CellMatrixRenderer.Count(read.Data.GeneCount)} genes, "
            + $"{read.Data.Obs.ColumnNames.Count} cell annotation columns.");
        return PllmCommandLine.Success;
    }
}
