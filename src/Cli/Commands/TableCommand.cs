using System.CommandLine;
using PllmML.Data.Orthologs;
using PllmML.Homology.Tables;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// <c>pllm table --pair human,mice=a.csv --pair mice,pig=b.csv --out t.csv</c>: the dataset-level table of three or
/// more species, pair tables joined through their shared species (pandas merge, sorted by the join gene).
/// </summary>
internal static class TableCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var pairs = new Option<string[]>("--pair")
        {
            Description = "A pair table and the species of its two gene columns: speciesA,speciesB=path. Give two or more; "
                + "each must share one species with the ones before.",
            Arity = ArgumentArity.OneOrMore,
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string>("--out") { Description = "The multi-species CSV to write.", Required = true };
        var command = new Command("table", "Join pair tables into one multi-species gene table.") { pairs, output };
        command.SetAction(parse => Run(console, parse.GetRequiredValue(pairs), parse.GetRequiredValue(output)));
        return command;
    }

    private static int Run(IAnsiConsole console, string[] pairs, string output)
    {
        var inputs = pairs.Select(Parse).ToArray();
        if (inputs.Length < 2)
        {
            throw new UsageException("Give at least two --pair tables.");
        }

        var tables = inputs
            .Select(input => new MultiSpeciesJoin.Input(
                input.A, input.B, Progress.Run(console, $"Reading {input.Path}", () => GenePairTableReader.Read(input.Path))))
            .ToArray();
        var table = MultiSpeciesJoin.Join(tables);
        MultiSpeciesGeneTableWriter.Write(table, output);
        console.MarkupLine(
            $"Wrote {Markup.Escape(output)}: {table.Count:N0} rows × {table.SpeciesColumns.Count} species "
            + $"({Markup.Escape(string.Join(", ", tables.Select(t => $"{t.SpeciesA}–{t.SpeciesB} {t.Table.Count:N0} pairs")))}).");
        return PllmCommandLine.Success;
    }

    private static (string A, string B, string Path) Parse(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var species = equals > 0 ? text[..equals].Split(',', StringSplitOptions.TrimEntries) : [];
        return species.Length == 2 && species.All(s => s.Length > 0) && equals < text.Length - 1
            ? (species[0], species[1], text[(equals + 1)..])
            : throw new UsageException($"--pair takes speciesA,speciesB=path (human,mice=a.csv), not '{text}'.");
    }
}
