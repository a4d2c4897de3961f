using PllmML.Data.Orthologs;
using Spectre.Console;
using static PllmML.Cli.Rendering.CellMatrixRenderer;

namespace PllmML.Cli.Rendering;

/// <summary>Prints an ortholog table summary: layout, pairs, genes per side, duplicates, homology types.</summary>
internal static class OrthologTableRenderer
{
    public static void Render(IAnsiConsole console, string title, OrthologTable table)
    {
        var summary = table.Summarize();
        console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
        if (summary.SpeciesColumns.Count > 0)
        {
            RenderMultiSpecies(console, summary);
            return;
        }

        RenderPairs(console, summary);
        WriteCounts(console, "homology type", summary.HomologyTypeCounts);
        WriteCounts(console, "orthology confidence", summary.ConfidenceCounts);
        foreach (var (column, counts) in summary.TextColumnCounts)
        {
            WriteCounts(console, column, counts);
        }
    }

    private static void RenderMultiSpecies(IAnsiConsole console, OrthologTableSummary summary)
    {
        console.MarkupLine($"layout  multi-species gene table, {Count(summary.Rows)} rows");
        var table = new Table().AddColumns("species column", "distinct genes", "one-to-one");
        foreach (var species in summary.SpeciesColumns)
        {
            table.AddRow(
                Markup.Escape(species.Column),
                Count(species.DistinctGenes),
                species.IsOneToOne ? "yes" : $"no ({Count(species.RowsWithRepeatedGene)} rows share a gene)");
        }

        console.Write(table);
    }

    private static void RenderPairs(IAnsiConsole console, OrthologTableSummary summary)
    {
        var pairs = summary.Pairs;
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("layout", summary.Kind.ToString());
        grid.AddRow("species columns", Markup.Escape($"{summary.GeneAColumn} → {summary.GeneBColumn}"));
        grid.AddRow("rows", Count(summary.Rows));
        if (summary.Kind == OrthologTableKind.Biomart)
        {
            grid.AddRow("rows without homolog", Count(summary.RowsWithoutHomolog));
            grid.AddRow("rows with an unnamed gene", Count(summary.RowsWithUnnamedGene));
        }

        grid.AddRow("gene pairs", $"{Count(pairs.Rows)} ({Count(pairs.UniquePairs)} unique, "
            + $"{Count(pairs.ExactDuplicateRows)} exact duplicates)");
        grid.AddRow("genes", $"{Count(pairs.GenesA)} × {Count(pairs.GenesB)}; in several pairs: "
            + $"{Count(pairs.GenesAInSeveralPairs)} and {Count(pairs.GenesBInSeveralPairs)}");
        grid.AddRow("one-to-one", pairs.IsOneToOne
            ? "yes"
            : $"no; {Count(pairs.SymbolOneToOnePairs)} pairs remain one-to-one after dropping repeated genes");
        console.Write(grid);
    }

    private static void WriteCounts(IAnsiConsole console, string what, IReadOnlyDictionary<string, int> counts)
    {
        if (counts.Count == 0)
        {
            return;
        }

        var table = new Table().Title(Markup.Escape($"pairs per {what}")).AddColumns(what, "pairs");
        foreach (var (key, count) in counts)
        {
            table.AddRow(Markup.Escape(key), Count(count));
        }

        console.Write(table);
    }
}
