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

    private static double Number(string text) => text == "NA" ? double.NaN : double.Parse(text, CultureInfo.InvariantCulture);
}
