using System.Globalization;

namespace PllmML.Comparative.Tests;

/// <summary>Biology and the scipy reference on the bundled pancreas run (human 175 + mouse 487 cells, five types).</summary>
[Collection(PancreasRunGroup.Name)]
public class PancreasTests(PancreasRun run)
{
    private static double D(string text) => text == "NA" ? double.NaN : double.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void RunHasAMarkersStage_AndTheReportLinksMarkersHtml()
    {
        Assert.Contains(run.Result.Stages, stage => stage.Stage == "markers");
        var report = File.ReadAllText(run.Layout.Report);
        Assert.Contains("href=\"markers/markers.html\"", report, StringComparison.Ordinal);
        var markers = File.ReadAllText(run.Layout.MarkersReport);
        Assert.Contains("Top conserved markers per cell type", markers, StringComparison.Ordinal);
        Assert.Contains("MetaNeighbor AUROC", markers, StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.Count(markers, "<svg") >= 3, "dot plot and two heatmaps");
    }

    [Fact]
    public void ClassicMarkers_AreAmongTheTopFiveConservedMarkers()
    {
        var top = TopConserved(run.ReadCsv("conserved_markers.csv"), 5);
        Assert.Contains("IAPP", top["beta"]);
        Assert.True(top["alpha"].Contains("IRX2") || top["alpha"].Contains("TTR"), $"alpha: {string.Join(", ", top["alpha"])}");
        Assert.Contains("SST", top["delta"]);
    }

    [Fact]
    public void EveryHumanType_BestMatchesTheSameMouseType_Reciprocally()
    {
        var rows = run.ReadCsv("cell_type_similarity.csv");
        var columns = rows[0][1..];
        foreach (var row in rows.Skip(1))
        {
            var values = row[1..].Select(D).ToArray();
            var best = columns[Array.IndexOf(values, values.Max())];
            Assert.Equal(row[0].Replace("human:", "mouse:", StringComparison.Ordinal), best);
        }

        var matches = run.ReadCsv("best_matches.csv");
        var header = matches[0];
        foreach (var match in matches.Skip(1))
        {
            Assert.Equal(match[Array.IndexOf(header, "cell_type")], match[Array.IndexOf(header, "best_match")]);
            Assert.Equal("true", match[Array.IndexOf(header, "reciprocal")]);
        }
    }

    [Fact]
    public void GenePairs_BehindEachMatch_NameTheirSource_AndAgreeWithEnsemblWhenGiven()
    {
        var rows = run.ReadCsv("gene_pairs.csv");
        var header = rows[0];
        int Col(string name) => Array.IndexOf(header, name);
        var beta = rows.Skip(1).Where(r => r[Col("cell_type_a")] == "beta" && r[Col("cell_type_b")] == "beta").ToList();
        Assert.Contains(beta, r => r[Col("gene")] == "IAPP" && r[Col("homolog")] == "Iapp");
        Assert.All(rows.Skip(1), r => Assert.Equal("ortholog table OrthG_Hs_Mm.tsv", r[Col("mapping_source")]));
        Assert.All(rows.Skip(1), r => Assert.True(D(r[Col("p_a")]) < 0.01 && D(r[Col("p_b")]) < 0.01 && D(r[Col("logfc_a")]) > 0 && D(r[Col("logfc_b")]) > 0));
        if (TestPaths.SharedExists)
        {
            var judged = rows.Skip(1).Where(r => r[Col("ensembl_agrees")] != "NA").ToList();
            Assert.True(judged.Count > 100, $"{judged.Count} pairs judged against Ensembl");
            var agree = judged.Count(r => r[Col("ensembl_agrees")] == "true") / (double)judged.Count;
            Assert.True(agree > 0.9, $"Ensembl agrees with {agree:P1} of the CACIMAR pairs behind the matches");
        }
    }

    [ScipyFact]
    public void PerSpeciesStatistics_EqualScipy_AndTheTopConservedMarkersAreScipysRanking()
    {
        var folder = TestPaths.NewTempFolder();
        var (deCsv, topCsv) = (Path.Combine(folder, "de.csv"), Path.Combine(folder, "top.csv"));
        PythonPeer.Run(ScipyPeer.Script, "de", run.Layout.Integrated, "cell_type", "species", "0.1", "0.25", deCsv, topCsv);
        var result = ComparativeAnalysis.Run(run.ReadIntegrated(), run.Layout.Integrated, new ComparativeOptions { MinimumPct = 0, LogFcThreshold = 0 });
        var ours = result.Markers.SelectMany(species => species.Markers.Values.SelectMany(list => list.Select(m => (species.Species, m))))
            .ToDictionary(x => (x.Species, x.m.CellType, x.m.Gene), x => x.m);
        var compared = 0;
        foreach (var fields in File.ReadLines(deCsv).Skip(1).Select(line => line.Split(',')))
        {
            var (species, type, gene) = (fields[0], fields[1], fields[2]);
            var (p, logFc, pctIn, pctOut) = (D(fields[3]), D(fields[4]), D(fields[5]), D(fields[6]));
            var what = $"{species} {type} {gene}";
            if (double.IsNaN(p))
            {
                // scipy's 0/0 when every cell ties (a gene not detected in the species); R gives NaN too, the kernel p = 1.
                Assert.False(ours.ContainsKey((species, type, gene)) && ours[(species, type, gene)].PValue != 1, what);
                continue;
            }

            var m = ours[(species, type, gene)];
            Relative.Equal(p, m.PValue, 1e-6, $"{what} p");
            Relative.Equal(logFc, m.LogFoldChange, 1e-6, $"{what} log2FC");
            Relative.Equal(pctIn, m.PctIn, 1e-12, $"{what} pct.1");
            Relative.Equal(pctOut, m.PctOut, 1e-12, $"{what} pct.2");
            compared++;
        }

        Assert.True(compared > 10_000, $"{compared} gene × type × species statistics compared");
        var scipyTop = File.ReadLines(topCsv).Skip(1).Select(line => line.Split(',')).Where(f => int.Parse(f[1], CultureInfo.InvariantCulture) <= 5)
            .GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.Select(f => f[2]).ToList());
        var top = TopConserved(run.ReadCsv("conserved_markers.csv"), 5);
        foreach (var (type, genes) in scipyTop)
        {
            Assert.Equal(genes, top[type]);
        }
    }

    [ScipyFact]
    public void MetaNeighborAurocs_EqualANumpyPortOfMetaNeighborUS_InBothVersions()
    {
        var cells = run.ReadIntegrated();
        foreach (var (version, maximumNetworkCells) in new[] { ("network", 6000), ("lowmem", 0) })
        {
            var csv = Path.Combine(TestPaths.NewTempFolder(), "metaneighbor.csv");
            PythonPeer.Run(ScipyPeer.Script, "metaneighbor", run.Layout.Integrated, "cell_type", "species", "variable", version, csv);
            var similarity = ComparativeAnalysis.Run(cells, run.Layout.Integrated, new ComparativeOptions { MaximumNetworkCells = maximumNetworkCells }).Similarity.Single();
            var rows = File.ReadLines(csv).Select(line => line.Split(',')).ToList();
            Assert.Equal(rows[0][1..], similarity.ColumnTypes.Select(t => $"mouse:{t}"));
            foreach (var row in rows.Skip(1))
            {
                for (var c = 1; c < row.Length; c++)
                {
                    Relative.Equal(D(row[c]), similarity[row[0]["human:".Length..], rows[0][c]["mouse:".Length..]], 1e-9, $"{version} {row[0]} × {rows[0][c]}");
                }
            }
        }
    }

    private static Dictionary<string, List<string>> TopConserved(List<string[]> rows, int count)
    {
        var header = rows[0];
        var logFcColumns = Enumerable.Range(0, header.Length).Where(i => header[i].StartsWith("logfc_", StringComparison.Ordinal)).ToArray();
        return rows.Skip(1).Where(r => logFcColumns.All(i => D(r[i]) > 0)).GroupBy(r => r[0])
            .ToDictionary(g => g.Key, g => g.Take(count).Select(r => r[1]).ToList());
    }
}
