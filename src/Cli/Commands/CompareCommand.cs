using System.CommandLine;
using System.Globalization;
using PllmML.Data.Orthologs;
using PllmML.Homology.Comparison;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary><c>pllm compare pairs.csv --reference ref.csv [--json out.json]</c>: a mapping measured against a reference.</summary>
internal static class CompareCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var mapping = new Argument<string>("pairs") { Description = "The mapping (pair CSV)." };
        var reference = new Option<string>("--reference")
        {
            Description = "The reference pairs, e.g. Ensembl one-to-one orthologs.",
            Required = true,
        };
        var json = new Option<string?>("--json") { Description = "Also write the comparison as JSON here." };
        var command = new Command("compare", "Compare a gene mapping with a reference table.") { mapping, reference, json };
        command.SetAction(parse => Run(
            console, parse.GetRequiredValue(mapping), parse.GetRequiredValue(reference), parse.GetValue(json)));
        return command;
    }

    private static int Run(IAnsiConsole console, string mappingPath, string referencePath, string? jsonPath)
    {
        var mapping = Progress.Run(console, $"Reading {mappingPath}", () => OrthologTableReader.Read(mappingPath).Pairs);
        var reference = Progress.Run(console, $"Reading {referencePath}", () => OrthologTableReader.Read(referencePath).Pairs);
        var result = MappingComparison.Compare(mapping, reference);
        var table = new Table().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("pairs (unique)", $"{result.Pairs:N0} ({result.UniquePairs:N0})");
        table.AddRow("reference pairs (unique)", $"{result.ReferencePairs:N0}");
        table.AddRow("shared pairs", $"{result.SharedPairs:N0}");
        table.AddRow("reference recovered", Percent(result.Recovered));
        table.AddRow("pairs whose gene A is in the reference", $"{result.ComparablePairs:N0}");
        table.AddRow("agreement there", Percent(result.Agreement));
        table.AddRow("genes A / genes B", $"{result.GenesA:N0} / {result.GenesB:N0}");
        table.AddRow("one-to-one", result.OneToOne ? "yes" : "no");
        var scores = result.Scores;
        table.AddRow(
            "scores min / Q1 / median / Q3 / max",
            scores.Count == 0 ? "none" : string.Join(" / ", new[] { scores.Min, scores.Quartile1, scores.Median, scores.Quartile3, scores.Max }
                .Select(value => value.ToString("G5", CultureInfo.InvariantCulture))));
        console.Write(table);
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, result.ToJson());
            console.MarkupLine($"Wrote {Markup.Escape(jsonPath)}.");
        }

        return PllmCommandLine.Success;
    }

    private static string Percent(double value) =>
        double.IsNaN(value) ? "–" : value.ToString("P2", CultureInfo.InvariantCulture);
}
