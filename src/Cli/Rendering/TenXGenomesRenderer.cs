using PllmML.Data.TenX;
using Spectre.Console;

namespace PllmML.Cli.Rendering;

/// <summary>Lists the genomes of a multi-genome Cell Ranger <c>.h5</c> file, and how to choose one.</summary>
internal static class TenXGenomesRenderer
{
    public static void Render(IAnsiConsole console, string title, IReadOnlyList<TenXGenome> genomes)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
        var table = new Table().Title("genomes").AddColumns("genome", "genes", "cells (barcodes)", "stored counts");
        foreach (var genome in genomes)
        {
            table.AddRow(
                Markup.Escape(genome.Name),
                CellMatrixRenderer.Count(genome.FeatureCount),
                CellMatrixRenderer.Count(genome.BarcodeCount),
                CellMatrixRenderer.Count(genome.StoredCount));
        }

        console.Write(table);
        console.MarkupLine(
            $"The file holds {genomes.Count} genomes; choose one with [bold]--genome[/] (scanpy's genome=), e.g. "
            + $"[bold]--genome {Markup.Escape(genomes[0].Name)}[/], to see its cells and genes.");
    }
}
