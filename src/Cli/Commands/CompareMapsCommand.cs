using System.CommandLine;
using System.Globalization;
using PllmML.Pipeline.Comparison;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// <c>pllm compare-maps &lt;config&gt; [--out folder]</c>: fits the config's cells once per gene map of its <c>compare</c>
/// section (<see cref="GeneMapComparison"/>) and writes one side-by-side report.
/// </summary>
internal static class CompareMapsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var config = new Argument<string>("config") { Description = "A run config with a compare section (schema in configs/README.md)." };
        var output = new Option<string?>("--out") { Description = "The output folder (default: out/<config name>)." };
        var command = new Command("compare-maps", "Fit the same cells once per gene map and compare the integrations side by side (comparison.html, comparison.json).")
        {
            config, output,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(config);
            var settings = RunCommand.ReadConfig(path);
            var result = GeneMapComparison.Run(
                settings, Path.GetFullPath(path), Path.GetFullPath(parse.GetValue(output) ?? Path.Combine("out", Path.GetFileNameWithoutExtension(path))),
                step => console.MarkupLine($"… {Markup.Escape(step)}"), warning => console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}"));
            Render(console, result);
            return PllmCommandLine.Success;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, GeneMapComparisonResult result)
    {
        var table = new Table().AddColumn("map").AddColumn(new TableColumn("pairs").RightAligned()).AddColumn(new TableColumn("recall").RightAligned())
            .AddColumn(new TableColumn("agreement").RightAligned()).AddColumn(new TableColumn("shared genes").RightAligned())
            .AddColumn(new TableColumn("scib total").RightAligned()).AddColumn("classifier transfer accuracy").AddColumn(new TableColumn("fit s").RightAligned());
        foreach (var map in result.Maps)
        {
            var reference = map.Reference.Values.FirstOrDefault();
            table.AddRow(
                Markup.Escape(map.Name), map.UniquePairs.ToString("N0", CultureInfo.InvariantCulture), Percent(reference?.Recovered), Percent(reference?.Agreement),
                map.SharedGenes.ToString("N0", CultureInfo.InvariantCulture), map.Evaluation.Integrated.Total?.ToString("F3", CultureInfo.InvariantCulture) ?? "–",
                Markup.Escape(string.Join("; ", map.ClassifierTransfers.Select(t => $"{t.ReferenceBatch}→{t.QueryBatch} {t.Accuracy.ToString("P1", CultureInfo.InvariantCulture)}"))),
                map.FitSeconds.ToString("F1", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.MarkupLine($"Wrote {Markup.Escape(result.Html)} and {Markup.Escape(result.Json)}; each map's model, cells and report under maps/.");
    }

    private static string Percent(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("P1", CultureInfo.InvariantCulture) : "–";
}
