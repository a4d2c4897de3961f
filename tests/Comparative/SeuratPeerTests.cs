using System.Globalization;
using PllmML.Data;

namespace PllmML.Comparative.Tests;

/// <summary>Seurat's FindMarkers on the same cells (Rscript with Debian's r-cran-seurat 4.3; skipped without it).</summary>
[Collection(PancreasRunGroup.Name)]
public class SeuratPeerTests(PancreasRun run)
{
    [SeuratFact]
    public void FindMarkers_PValuesAndFoldChanges_EqualOurs_OnTheHumanPancreasCells()
    {
        var cells = run.ReadIntegrated();
        var species = cells.Obs["species"];
        var human = Enumerable.Range(0, cells.CellCount).Where(c => species.FormatValue(c) == "human").ToArray();
        var folder = TestPaths.NewTempFolder();
        var tenX = Path.Combine(folder, "human");
        DataFiles.WriteCells(cells.SelectCells(human), tenX);

        // Every 12th gene (R's wilcox.test runs gene by gene) and the classic markers.
        var genes = cells.GeneNames.Where((_, i) => i % 12 == 0).Concat(["IAPP", "SST", "TTR", "IRX2", "GCG"]).Where(cells.GeneNames.Contains).Distinct().ToList();
        File.WriteAllLines(Path.Combine(folder, "genes.txt"), genes);
        var output = Path.Combine(folder, "seurat.csv");
        var script = Path.Combine(TestPaths.RepositoryRoot, "tests", "Comparative", "seurat_reference.R");
        var r = ChildProcess.Run("/usr/bin/Rscript", [script, tenX, "cell_type", Path.Combine(folder, "genes.txt"), output]);
        Assert.True(r.ExitCode == 0, r.Output + r.Error);

        var ours = ComparativeAnalysis.Run(cells, run.Layout.Integrated, new ComparativeOptions { MinimumPct = 0, LogFcThreshold = 0 })
            .Markers.First(m => m.Species == "human").Markers.Values.SelectMany(list => list)
            .ToDictionary(m => (m.CellType, m.Gene.Replace('_', '-')));
        var compared = 0;
        foreach (var fields in File.ReadLines(output).Skip(1).Select(line => line.Split(',').Select(f => f.Trim('"')).ToArray()))
        {
            var (type, gene) = (fields[0], fields[1]);
            var p = Number(fields[2]);
            if (double.IsNaN(p) || !ours.TryGetValue((type, gene), out var m))
            {
                continue;
            }

            Relative.Equal(p, m.PValue, 1e-6, $"{type} {gene} p_val");
            Relative.Equal(Number(fields[3]), m.LogFoldChange, 1e-6, $"{type} {gene} avg_log2FC");

            // Seurat rounds pct.1 and pct.2 to three decimals.
            Assert.Equal(Number(fields[4]), Math.Round(m.PctIn, 3), 9);
            Assert.Equal(Number(fields[5]), Math.Round(m.PctOut, 3), 9);
            compared++;
        }

        Assert.True(compared > 1000, $"{compared} statistics compared with Seurat");
    }

    [SeuratFact]
    public void FindConservedMarkers_PerSpeciesAndMinimumP_EqualOurs_OnThePancreasCells()
    {
        var cells = run.ReadIntegrated();
        var folder = TestPaths.NewTempFolder();
        var tenX = Path.Combine(folder, "cells");
        DataFiles.WriteCells(cells, tenX);
        var genes = cells.GeneNames.Where((_, i) => i % 20 == 0).Concat(["IAPP", "SST", "TTR", "IRX2", "CHGA", "PDGFRB", "TYROBP"]).Where(cells.GeneNames.Contains).Distinct().ToList();
        File.WriteAllLines(Path.Combine(folder, "genes.txt"), genes);
        var output = Path.Combine(folder, "seurat_conserved.csv");
        var script = Path.Combine(TestPaths.RepositoryRoot, "tests", "Comparative", "seurat_conserved.R");
        var r = ChildProcess.Run("/usr/bin/Rscript", [script, tenX, "cell_type", "species", Path.Combine(folder, "genes.txt"), output]);
        if (r.ExitCode != 0 && (r.Output + r.Error).Contains("metap", StringComparison.Ordinal))
        {
            Assert.Fail("FindConservedMarkers needs the R package metap (apt-get install r-cran-metap, as .ci/run does): " + r.Error);
        }

        Assert.True(r.ExitCode == 0, r.Output + r.Error);
        var result = ComparativeAnalysis.Run(cells, run.Layout.Integrated, new ComparativeOptions { MinimumPct = 0, LogFcThreshold = 0 });
        var human = result.Species.ToList().IndexOf("human");
        var mouse = result.Species.ToList().IndexOf("mouse");
        var ours = result.Conserved.ToDictionary(m => (m.CellType, m.Gene.Replace('_', '-')));
        var compared = 0;
        foreach (var fields in File.ReadLines(output).Skip(1).Select(line => line.Split(',').Select(f => f.Trim('"')).ToArray()))
        {
            var (type, gene) = (fields[0], fields[1]);
            if (!ours.TryGetValue((type, gene), out var m))
            {
                // Ours keeps only genes whose fold changes agree in sign (Seurat keeps every gene).
                Assert.True(Number(fields[5]) * Number(fields[6]) <= 0, $"{type} {gene}: Seurat's fold changes agree in sign, but ours has no row");
                continue;
            }

            Relative.Equal(Number(fields[3]), m.PerSpecies[human].PValue, 1e-6, $"{type} {gene} human_p_val");
            Relative.Equal(Number(fields[4]), m.PerSpecies[mouse].PValue, 1e-6, $"{type} {gene} mouse_p_val");
            Relative.Equal(Number(fields[5]), m.PerSpecies[human].LogFoldChange, 1e-6, $"{type} {gene} human_avg_log2FC");
            Relative.Equal(Number(fields[6]), m.PerSpecies[mouse].LogFoldChange, 1e-6, $"{type} {gene} mouse_avg_log2FC");
            Relative.Equal(Number(fields[7]), m.CombinedPValue, 1e-6, $"{type} {gene} minimump_p_val");
            compared++;
        }

        Assert.True(compared > 1500, $"{compared} conserved markers compared with Seurat");
    }

    private static double Number(string text) => text == "NA" ? double.NaN : double.Parse(text, CultureInfo.InvariantCulture);
}
