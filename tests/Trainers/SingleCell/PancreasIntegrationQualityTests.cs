using Microsoft.ML;
using PllmML.Transforms.SingleCell;
using Xunit.Abstractions;

namespace PllmML.Trainers.Tests.SingleCell;

/// <summary>
/// Reports integration quality on pancreas for the unintegrated PCA, Harmony's own correction of the fitted cells and
/// the saved model's mapping, with the figures peers.md gives for Seurat CCA: kNN (k = 15) label transfer mouse →
/// human, species mixing, cell-type silhouette — and asserts that integration does what it is for: before it the
/// species separate (mixing near 0, transfer poor); after it they mix and the cell types still separate.
/// Measured 2026-12-04 (seed 0; kNN accuracy, mixing, ASW): PCA 0.320, 0.045, 0.146; Harmony Z_corr 0.623, 0.327, 0.122;
/// model mapping 0.657, 0.362, 0.120. The thresholds lie a safe margin below (above for the PCA's mixing).
/// </summary>
public sealed class PancreasIntegrationQualityTests(ITestOutputHelper output)
{
    [Fact]
    public void Report_PcaHarmonyAndMapping()
    {
        var model = PancreasModel.Model;
        var human = model.ToRows("human", PancreasModel.Human).Rows;
        var mouse = model.ToRows("mouse", PancreasModel.Mouse).Rows;
        var mlContext = new MLContext();
        var transformed = model.Chain.Transform(mlContext.Data.LoadFromEnumerable(human.Concat(mouse)));
        var (pca, cells, d) = DataViewColumns.ReadMatrix(transformed, SingleCellColumns.Pca);
        var (mapped, _, _) = DataViewColumns.ReadMatrix(transformed, SingleCellColumns.Embedding);
        var corrected = model.Harmony!.Corrected.Select(v => (float)v).ToArray();
        var species = Enumerable.Range(0, cells).Select(cell => cell < human.Length ? 0 : 1).ToArray();
        var labels = Enumerable.Range(0, PancreasModel.Human.CellCount).Select(cell => PancreasModel.Human.Obs["cell_type"].FormatValue(cell))
            .Concat(Enumerable.Range(0, PancreasModel.Mouse.CellCount).Select(cell => PancreasModel.Mouse.Obs["cell_type"].FormatValue(cell))).ToArray();

        Assert.Equal(662, cells);
        Assert.Equal(50, d);
        var figures = new Dictionary<string, (double Accuracy, double Mixing, double Silhouette)>();
        foreach (var (name, embedding) in new[] { ("PCA (unintegrated)", pca), ("Harmony Z_corr (fitted cells)", corrected), ("model mapping (Transform)", mapped) })
        {
            var (accuracy, macroF1) = KnnTransfer(embedding, d, species, labels, 15);
            var mixing = SpeciesMixing(embedding, d, species, 15);
            var silhouette = Silhouette(embedding, d, labels);
            output.WriteLine($"{name}: kNN(15) mouse→human accuracy {accuracy:F3}, macro-F1 {macroF1:F3}; species mixing {mixing:F3}; cell-type ASW raw {silhouette:F3}");
            figures[name] = (accuracy, mixing, silhouette);
        }

        var unintegrated = figures["PCA (unintegrated)"];
        Assert.True(unintegrated.Mixing < 0.10, $"the species already mix before integration ({unintegrated.Mixing:F3})");
        Assert.True(unintegrated.Accuracy < 0.45, $"kNN transfer on the unintegrated PCA {unintegrated.Accuracy:F3}");
        foreach (var name in new[] { "Harmony Z_corr (fitted cells)", "model mapping (Transform)" })
        {
            var (accuracy, mixing, silhouette) = figures[name];
            Assert.True(accuracy >= 0.55 && accuracy >= unintegrated.Accuracy + 0.2, $"{name}: kNN mouse → human accuracy {accuracy:F3}");
            Assert.True(mixing >= 0.25 && mixing >= 5 * unintegrated.Mixing, $"{name}: species mixing {mixing:F3}");
            Assert.True(silhouette >= 0.10, $"{name}: cell-type silhouette {silhouette:F3} (the types no longer separate)");
        }

        Assert.True(Math.Abs(figures["model mapping (Transform)"].Accuracy - figures["Harmony Z_corr (fitted cells)"].Accuracy) < 0.1,
            "the saved model's mapping of the fitted cells departs from Harmony's own correction");
    }

    private static int[] Neighbours(float[] x, int d, int cell, IEnumerable<int> candidates, int k) =>
        [.. candidates.Where(other => other != cell).OrderBy(other => Distance(x, d, cell, other)).Take(k)];

    private static double Distance(float[] x, int d, int a, int b)
    {
        double sum = 0;
        for (var j = 0; j < d; j++)
        {
            var diff = x[(a * d) + j] - x[(b * d) + j];
            sum += diff * diff;
        }

        return Math.Sqrt(sum);
    }

    private static (double Accuracy, double MacroF1) KnnTransfer(float[] x, int d, int[] species, string[] labels, int k)
    {
        var mouse = Enumerable.Range(0, species.Length).Where(cell => species[cell] == 1).ToArray();
        var human = Enumerable.Range(0, species.Length).Where(cell => species[cell] == 0).ToArray();
        var predicted = human.Select(cell => Neighbours(x, d, cell, mouse, k).GroupBy(n => labels[n])
            .OrderByDescending(group => group.Count()).ThenBy(group => group.Key, StringComparer.Ordinal).First().Key).ToArray();
        var truth = human.Select(cell => labels[cell]).ToArray();
        var accuracy = truth.Zip(predicted).Count(pair => pair.First == pair.Second) / (double)truth.Length;
        var f1 = PancreasModel.CommonTypes.Select(type =>
        {
            var tp = truth.Zip(predicted).Count(p => p.First == type && p.Second == type);
            var fp = truth.Zip(predicted).Count(p => p.First != type && p.Second == type);
            var fn = truth.Zip(predicted).Count(p => p.First == type && p.Second != type);
            return tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
        }).Average();
        return (accuracy, f1);
    }

    /// <summary>Mean fraction of a cell's k neighbours from the other species, divided by that species' share of the other cells (1 = perfectly mixed).</summary>
    private static double SpeciesMixing(float[] x, int d, int[] species, int k)
    {
        var all = Enumerable.Range(0, species.Length).ToArray();
        var counts = new[] { species.Count(s => s == 0), species.Count(s => s == 1) };
        return all.Average(cell =>
        {
            var other = Neighbours(x, d, cell, all, k).Count(n => species[n] != species[cell]) / (double)k;
            var expected = counts[1 - species[cell]] / (double)(species.Length - 1);
            return other / expected;
        });
    }

    private static double Silhouette(float[] x, int d, string[] labels)
    {
        var n = labels.Length;
        return Enumerable.Range(0, n).Average(cell =>
        {
            var byLabel = Enumerable.Range(0, n).Where(other => other != cell).GroupBy(other => labels[other])
                .ToDictionary(group => group.Key, group => group.Average(other => Distance(x, d, cell, other)));
            if (!byLabel.TryGetValue(labels[cell], out var a))
            {
                return 0;
            }

            var b = byLabel.Where(pair => pair.Key != labels[cell]).Min(pair => pair.Value);
            return (b - a) / Math.Max(a, b);
        });
    }
}
