using System.CommandLine;
using PllmML.Cli.Rendering;
using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Data.Proteins;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// <c>pllm inspect &lt;path&gt; …</c>: what a biologist checks first about each input — shapes, annotations and
/// label counts of single-cell data, records and cleaning of a protein FASTA, pairs of an ortholog table.
/// </summary>
internal static class InspectCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Files or folders: .h5ad, 10x Genomics folder, protein FASTA (.fa/.fasta, gzip too), "
                + "ortholog table (BioMart export, gene-pair CSV, CACIMAR TSV). The kind is read from the content.",
            Arity = ArgumentArity.OneOrMore,
        };
        var makeUnique = CommonOptions.MakeUnique();
        var policy = new Option<string>("--cleaning")
        {
            Description = "Protein cleaning policy whose effect is reported for FASTA files: "
                + "standard (default), original (the original project's: drop any sequence with '*'), strict.",
            DefaultValueFactory = _ => "standard",
        };
        policy.AcceptOnlyFromAmong("standard", "original", "strict");
        var command = new Command("inspect", "Summarise single-cell, protein and ortholog files.")
        {
            paths, makeUnique, policy,
        };
        command.SetAction(parse =>
        {
            foreach (var path in parse.GetRequiredValue(paths))
            {
                Inspect(console, path, parse.GetValue(makeUnique), CleaningPolicy(parse.GetValue(policy)));
            }

            return PllmCommandLine.Success;
        });
        return command;
    }

    private static ProteinCleaningPolicy CleaningPolicy(string? name) => name switch
    {
        "original" => ProteinCleaningPolicy.Original,
        "strict" => ProteinCleaningPolicy.Strict,
        _ => ProteinCleaningPolicy.Standard,
    };

    private static void Inspect(IAnsiConsole console, string path, bool makeUnique, ProteinCleaningPolicy policy)
    {
        var kind = DataFiles.Detect(path);
        var title = $"{path} — {DataFiles.Describe(kind)}";
        switch (kind)
        {
            case DataFileKind.H5ad or DataFileKind.TenXFolder:
                var read = Progress.Run(console, $"Reading {path}", () => DataFiles.ReadCells(path, makeUnique));
                CellMatrixRenderer.Render(console, title, read.Data);
                NotesRenderer.Render(console, read.Notes);
                break;
            case DataFileKind.ProteinFasta:
                var proteins = Progress.Run(console, $"Reading {path}", () => ProteinFastaReader.Summarize(path, policy));
                ProteinFastaRenderer.Render(console, title, proteins);
                break;
            default:
                var table = Progress.Run(console, $"Reading {path}", () => OrthologTableReader.Read(path));
                OrthologTableRenderer.Render(console, title, table);
                break;
        }
    }
}
