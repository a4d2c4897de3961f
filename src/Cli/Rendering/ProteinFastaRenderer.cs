using PllmML.Data.Proteins;
using Spectre.Console;
using static PllmML.Cli.Rendering.CellMatrixRenderer;

namespace PllmML.Cli.Rendering;

/// <summary>Prints a protein FASTA summary: records, lengths, header formats, isoforms, and what cleaning does.</summary>
internal static class ProteinFastaRenderer
{
    public static void Render(IAnsiConsole console, string title, ProteinFastaSummary summary)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("records", $"{Count(summary.Records)} kept of {Count(summary.Cleaning.RecordsRead)} read");
        grid.AddRow("residues", Count(summary.Residues));
        if (summary.Records > 0)
        {
            grid.AddRow("length", $"min {Count(summary.MinLength)}, median {Number(summary.MedianLength)}, "
                + $"max {Count(summary.MaxLength)}");
        }

        grid.AddRow("header formats", Markup.Escape(string.Join(", ",
            summary.HeaderFormats.Select(p => $"{p.Key} {Count(p.Value)}"))));
        grid.AddRow("genes", $"{Count(summary.DistinctGenes)} distinct; "
            + $"{Count(summary.RecordsWithoutGene)} records name no gene");
        grid.AddRow("isoforms per gene", Markup.Escape(string.Join(", ",
            summary.GenesByIsoformCount.OrderBy(p => p.Key).Select(p => $"{p.Key}: {Count(p.Value)} genes"))));
        console.Write(grid);
        console.Write(CleaningTable(summary.Cleaning));
    }

    private static Table CleaningTable(ProteinCleaningReport report)
    {
        var table = new Table().Title(Markup.Escape($"cleaning policy: {PolicyName(report.Policy)}"))
            .AddColumns("effect", "records", "examples");
        foreach (var reason in report.Reasons)
        {
            var effect = ProteinCleaningReport.IsDropReason(reason) ? "dropped" : "changed";
            var examples = string.Join("; ", report.Examples(reason).Select(e => $"{e.ProteinId} (line {e.HeaderLineNumber}): {e.Detail}"));
            table.AddRow($"{effect}: {reason}", Count(report.Count(reason)), Markup.Escape(examples));
        }

        if (report.Reasons.Count == 0)
        {
            table.AddRow("nothing dropped or changed", Count(report.RecordsRead), string.Empty);
        }

        return table;
    }

    private static string PolicyName(ProteinCleaningPolicy policy) =>
        policy == ProteinCleaningPolicy.Original ? "original"
        : policy == ProteinCleaningPolicy.Strict ? "strict"
        : policy == ProteinCleaningPolicy.Standard ? "standard"
        : "custom";
}
