using PllmML.Data;
using PllmML.Evaluation.Tests;

namespace PllmML.Cli.Tests;

public class MarkersCommandTests
{
    [Fact]
    public void Markers_CountsOfTwoSpecies_WritesEveryTableAndTheReport()
    {
        var folder = TestPaths.NewTempFolder();
        var input = Path.Combine(folder, "cells.h5ad");
        DataFiles.WriteCells(Synthetic(), input);
        var output = Path.Combine(folder, "markers");

        var run = CliRun.Of("markers", "--input", input, "--out", output, "--min-pct", "0", "--logfc-threshold", "0", "--embedding", "X_pllm");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("best match", run.Output, StringComparison.Ordinal);
        foreach (var file in new[]
        {
            "conserved_markers.csv", "markers_human.csv", "markers_mouse.csv", "cell_type_similarity.csv", "cell_type_similarity_one_vs_best.csv",
            "cell_type_alignment.csv", "best_matches.csv", "gene_pairs.csv", "skipped_cell_types.csv", "markers.html",
        })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }

        var header = File.ReadLines(Path.Combine(output, "conserved_markers.csv")).First();
        Assert.Equal("cell_type,gene,p_human,logfc_human,pct_in_human,pct_out_human,p_mouse,logfc_mouse,pct_in_mouse,pct_out_mouse,p_combined,fdr", header);
        Assert.Contains("human:alpha,1", File.ReadAllText(Path.Combine(output, "cell_type_alignment.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void Markers_ScaledX_IsRefusedWithOneLineNamingTheFileAndX()
    {
        var input = PancreasDemo.Write(TestPaths.NewTempFolder());

        var run = CliRun.Of("markers", "--input", input, "--out", TestPaths.NewTempFolder());

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(input, line, StringComparison.Ordinal);
        Assert.Contains("X", line, StringComparison.Ordinal);
        Assert.Contains("--normalized", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Markers_UnknownCombination_IsABadUsage()
    {
        var run = CliRun.Of("markers", "--input", "x.h5ad", "--out", TestPaths.NewTempFolder(), "--combine", "stouffer");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("stouffer", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Two species × two types, 30 cells each, three planted markers per type; obsm X_pllm separates the types.</summary>
    private static CellMatrix Synthetic()
    {
        var random = new Random(5);
        var genes = Enumerable.Range(0, 30).Select(i => $"G{i}").ToArray();
        var builder = new CsrBuilder(120, genes.Length);
        var (names, species, types, embedding) = (new List<string>(), new List<string?>(), new List<string?>(), new List<float>());
        foreach (var sp in new[] { "human", "mouse" })
        {
            foreach (var (type, t) in new[] { ("alpha", 0), ("beta", 1) })
            {
                for (var c = 0; c < 30; c++)
                {
                    for (var g = 0; g < genes.Length; g++)
                    {
                        var count = RandomCounts.Poisson(random, g / 3 == t ? 6 : 0.7);
                        if (count > 0)
                        {
                            builder.Add(g, count);
                        }
                    }

                    builder.EndRow();
                    names.Add($"{sp}_{type}_{c}");
                    species.Add(sp);
                    types.Add(type);
                    embedding.AddRange([t * 5 + (float)random.NextDouble(), (float)random.NextDouble()]);
                }
            }
        }

        var obs = new AnnotationTable([.. names]);
        obs.Set("species", CategoricalColumn.FromValues(species));
        obs.Set("cell_type", CategoricalColumn.FromValues(types));
        var cells = new CellMatrix(builder.Build(), obs, new AnnotationTable(genes));
        cells.Obsm["X_pllm"] = new DenseMatrix(names.Count, 2, [.. embedding]);
        return cells;
    }
}
