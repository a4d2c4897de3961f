using System.CommandLine;
using System.Globalization;
using PllmML.Comparative;
using PllmML.Kernels.Statistics;
using PllmML.Pipeline;
using PllmML.Pipeline.Configuration;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// <c>pllm markers --input &lt;integrated.h5ad&gt; --out &lt;dir&gt; [--homology [&lt;species&gt;=]&lt;table&gt; ...] [--reference &lt;species&gt;]</c>:
/// per-species and conserved markers, cell-type homology (MetaNeighbor AUROC, alignment score), best matches and the gene
/// pairs behind them (<see cref="MarkersAnalysis"/>).
/// </summary>
internal static class MarkersCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var input = new Option<string>("--input") { Description = "The integrated cells (.h5ad from pllm run or pllm predict): raw counts in X.", Required = true };
        var labelKey = new Option<string>("--label-key") { Description = "The obs column with the cell type.", DefaultValueFactory = _ => "cell_type" };
        var speciesKey = new Option<string>("--species-key") { Description = "The obs column with the species.", DefaultValueFactory = _ => "species" };
        var embedding = new Option<string>("--embedding") { Description = "The obsm key of the integrated embedding (alignment score).", DefaultValueFactory = _ => "X_pllm" };
        var output = new Option<string>("--out") { Description = "The output folder.", Required = true };
        var homology = new Option<string[]>("--homology")
        {
            Description = "The gene map(s) the shared gene space came from (ortholog table or pllm map pairs), for gene_pairs.csv; as pllm fit takes them: "
                + "one table for two species, <species>=<table> repeated (one per non-reference species), or one multi-species table.",
            AllowMultipleArgumentsPerToken = false,
        };
        var reference = new Option<string?>("--reference")
        {
            Description = "The species whose genes name the shared features (default: the one the .h5ad records; needed beyond one two-species table).",
        };
        var ensembl = new Option<string?>("--ensembl") { Description = "An Ensembl ortholog table to check each gene pair against." };
        var normalized = new Option<bool>("--normalized") { Description = "X holds log-normalised values, not raw counts." };
        var minPct = new Option<double>("--min-pct") { Description = "Seurat's min.pct (0 tests every gene).", DefaultValueFactory = _ => 0.1 };
        var logFc = new Option<double>("--logfc-threshold") { Description = "Seurat's logfc.threshold (0 keeps every gene).", DefaultValueFactory = _ => 0.25 };
        var minCells = new Option<int>("--min-cells") { Description = "Types with fewer cells in a species are skipped there.", DefaultValueFactory = _ => 3 };
        var combine = new Option<string>("--combine") { Description = "How per-species p-values combine: minimump, fisher or maxp.", DefaultValueFactory = _ => "minimump" };
        var top = new Option<int>("--top") { Description = "Conserved markers per type in the dot plot.", DefaultValueFactory = _ => 5 };
        var command = new Command("markers", "Conserved markers and cell-type homology across species: CSV tables and markers.html.")
        {
            input, labelKey, speciesKey, embedding, output, homology, reference, ensembl, normalized, minPct, logFc, minCells, combine, top,
        };
        command.SetAction(parse =>
        {
            var combineText = parse.GetRequiredValue(combine);
            var combination = combineText.ToUpperInvariant() switch
            {
                "MINIMUMP" => PValueCombination.MinimumP,
                "FISHER" => PValueCombination.Fisher,
                "MAXP" => PValueCombination.MaximumP,
                _ => throw new UsageException($"--combine {combineText}: expected minimump, fisher or maxp."),
            };
            var options = new ComparativeOptions
            {
                LabelKey = parse.GetRequiredValue(labelKey),
                SpeciesKey = parse.GetRequiredValue(speciesKey),
                EmbeddingKey = parse.GetRequiredValue(embedding),
                XIsLogNormalized = parse.GetValue(normalized),
                MinimumPct = parse.GetValue(minPct),
                LogFcThreshold = parse.GetValue(logFc),
                MinimumCells = parse.GetValue(minCells),
                Combination = combination,
                TopMarkers = parse.GetValue(top),
            };
            var tables = (parse.GetValue(homology) ?? []).Select(FitCommand.ParseTable).ToList();
            return Run(console, parse.GetRequiredValue(input), parse.GetRequiredValue(output), options, tables, parse.GetValue(reference), parse.GetValue(ensembl));
        });
        return command;
    }

    private static int Run(
        IAnsiConsole console, string input, string output, ComparativeOptions options, IReadOnlyList<HomologyTableConfiguration> tables, string? reference, string? ensembl)
    {
        var result = Progress.Run(console, $"Comparing the species of {input}", () => MarkersAnalysis.RunAndWrite(input, output, options, tables, reference, ensembl));
        var table = new Table().AddColumn("type").AddColumn("in").AddColumn("best match").AddColumn(new TableColumn("AUROC").RightAligned())
            .AddColumn("reciprocal").AddColumn("top conserved markers");
        foreach (var match in result.BestMatches)
        {
            table.AddRow(
                Markup.Escape($"{match.Species}:{match.CellType}"), Markup.Escape(match.OtherSpecies), Markup.Escape(match.Match),
                match.Auroc.ToString("F3", CultureInfo.InvariantCulture), match.Reciprocal ? "yes" : "no",
                Markup.Escape(string.Join(", ", result.TopConserved(match.CellType, options.TopMarkers).Select(m => m.Gene))));
        }

        console.Write(table);
        foreach (var skipped in result.Skipped)
        {
            console.MarkupLine($"[yellow]skipped[/] {Markup.Escape($"{skipped.Species}:{skipped.CellType} ({skipped.Cells} cells): {skipped.Reason}")}");
        }

        console.MarkupLine($"Wrote {Markup.Escape(Path.Combine(output, ComparativeWriter.ReportFileName))} and the CSV tables in {Markup.Escape(output)}.");
        return PllmCommandLine.Success;
    }
}
