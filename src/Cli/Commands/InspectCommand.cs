using System.CommandLine;
using PllmML.Cli.Rendering;
using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Data.Proteins;
using PllmML.Data.TenX;
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
            Description = "Files or folders: .h5ad, 10x Genomics folder, Cell Ranger .h5, protein FASTA (.fa/.fasta, gzip too), "
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
        var genome = Genome();
        var command = new Command("inspect", "Summarise single-cell, protein and ortholog files.")
        {
            paths, makeUnique, policy, genome,
        };
        command.SetAction(parse =>
        {
            foreach (var path in parse.GetRequiredValue(paths))
            {
                Inspect(console, path, parse.GetValue(makeUnique), CleaningPolicy(parse.GetValue(policy)), parse.GetValue(genome));
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

    /// <summary>The <c>--genome</c> option of the verbs that read Cell Ranger <c>.h5</c> files (scanpy's <c>genome=</c>).</summary>
    internal static Option<string?> Genome() => new("--genome")
    {
        Description = "For a Cell Ranger .h5 file with several genomes (a barnyard or multi-species reference): the "
            + "genome to read, by name (scanpy's genome=). inspect lists the genomes when none is given.",
    };

    private static void Inspect(
        IAnsiConsole console, string path, bool makeUnique, ProteinCleaningPolicy policy, string? genome)
    {
        var kind = DataFiles.Detect(path);
        var title = $"{path} — {DataFiles.Describe(kind)}";
        switch (kind)
        {
            case DataFileKind.TenXH5 when genome is null
                && Progress.Run(console, $"Reading {path}", () => TenXH5Reader.Genomes(path)) is { Count: > 1 } genomes:
                TenXGenomesRenderer.Render(console, title, genomes);
                break;
            case DataFileKind.H5ad or DataFileKind.TenXFolder or DataFileKind.TenXH5:
                var read = Progress.Run(console, $"Reading {path}", () => DataFiles.ReadCells(path, makeUnique, genome));
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
