using System.Globalization;
using PllmML.Pipeline;
using PllmML.Pipeline.Configuration;

namespace PllmML.Comparative.Tests;

/// <summary>
/// The bundled pancreas run with the seed's Ensembl one-to-one human–mouse table (reference data in <c>../shared</c>)
/// instead of CACIMAR: glucagon, the alpha-cell hormone, is in that table (not in CACIMAR's), so it is in the shared gene
/// space and must come out as a leading conserved marker of alpha.
/// </summary>
public class EnsemblTablePancreasTests
{
    [SharedDataFact]
    public void WithTheEnsemblTable_GlucagonLeadsAlpha_ByFoldChange_AndIsInItsTopThreeByCombinedP()
    {
        var ensembl = TestPaths.Shared("orthologs", "ENS_O2O", "human_mice.csv");
        var cacimar = TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv");
        Assert.DoesNotContain(File.ReadLines(cacimar), line => line.Split('\t').Contains("GCG"));
        var configPath = Path.Combine(TestPaths.RepositoryRoot, "configs", "pancreas-human-mouse.json");
        var config = RunConfiguration.Read(configPath);
        config.Homology.Path = ensembl;
        config.Evaluation.Pictures = false;
        var folder = TestPaths.NewTempFolder();

        PllmRun.Execute(config, configPath, folder);

        var rows = File.ReadLines(Path.Combine(new RunOutputLayout(folder).Markers, "conserved_markers.csv")).Select(line => line.Split(',')).ToList();
        var header = rows[0];
        var logFc = Enumerable.Range(0, header.Length).Where(i => header[i].StartsWith("logfc_", StringComparison.Ordinal)).ToArray();
        var alpha = rows.Skip(1).Where(r => r[0] == "alpha" && logFc.All(i => Number(r[i]) > 0)).ToList();
        var byCombinedP = alpha.Take(3).Select(r => r[1]).ToList();
        var byFoldChange = alpha.OrderByDescending(r => logFc.Min(i => Number(r[i]))).Select(r => r[1]).First();

        Assert.Contains("GCG", byCombinedP);
        Assert.Equal("GCG", byFoldChange);
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
