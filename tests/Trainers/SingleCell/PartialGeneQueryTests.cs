using System.Globalization;
using Microsoft.ML;
using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Trainers.SingleCell;
using Xunit.Abstractions;

namespace PllmML.Trainers.Tests.SingleCell;

/// <summary>
/// A query that measured only some genes (the held-out Baron human donor with ~1,400 genes): fitted on the
/// mouse labels and the other human donors, the held-out donor is annotated by default, its missing genes filled with
/// the reference mean, and its coverage judged by the variable genes' loading mass.
/// </summary>
public sealed class PartialGeneQueryTests(ITestOutputHelper output)
{
    private const string HeldOutDonor = "human3";

    private static readonly Lazy<(SingleCellModel Model, CellMatrix Query)> HeldOut = new(() =>
    {
        var human = PancreasModel.Human;
        var donors = human.Obs["donor"];
        var query = human.SelectCells([.. Enumerable.Range(0, human.CellCount).Where(cell => donors.FormatValue(cell) == HeldOutDonor)]);
        var fitted = human.SelectCells([.. Enumerable.Range(0, human.CellCount).Where(cell => donors.FormatValue(cell) != HeldOutDonor)]);
        return (PancreasModel.Fit(fitted, PancreasModel.Mouse), query);
    });

    /// <summary>The held-out donor restricted to <paramref name="genes"/> genes drawn at random (fixed seed).</summary>
    internal static CellMatrix RandomGenes(CellMatrix cells, int genes, int seed)
    {
        var order = Enumerable.Range(0, cells.GeneCount).ToArray();
        new Random(seed).Shuffle(order);
        return cells.SelectGenes([.. order.Take(genes).Order()]);
    }

    private static double Accuracy(CellMatrix query, CellPredictions predictions) =>
        Enumerable.Range(0, query.CellCount).Average(cell => query.Obs["cell_type"].FormatValue(cell) == predictions.Labels[cell] ? 1.0 : 0.0);

    /// <summary>The held-out donor restricted to its <paramref name="genes"/> most expressed genes (what a shallow or targeted assay measures).</summary>
    internal static CellMatrix MostExpressedGenes(CellMatrix cells, int genes)
    {
        var totals = new double[cells.GeneCount];
        for (var cell = 0; cell < cells.CellCount; cell++)
        {
            var columns = cells.X.RowColumns(cell);
            var values = cells.X.RowValues(cell);
            for (var k = 0; k < columns.Length; k++)
            {
                totals[columns[k]] += values[k];
            }
        }

        return cells.SelectGenes([.. Enumerable.Range(0, cells.GeneCount).OrderByDescending(gene => totals[gene]).ThenBy(gene => gene).Take(genes).Order()]);
    }

    [Fact]
    public void HeldOutDonorWith1403Genes_IsAnnotatedByDefault_AtLeast90PercentRight()
    {
        var (model, donor) = HeldOut.Value;
        var query = MostExpressedGenes(donor, 1403);

        var predictions = model.Predict("human", query);
        var zeroFilled = model.Predict("human", query, new PredictionOptions { MissingGenes = MissingGeneFill.Zero, CorrectLibrarySize = false });
        var full = model.Predict("human", donor);

        var coverage = Assert.IsType<GeneCoverage>(predictions.GeneCoverage);
        output.WriteLine($"{donor.CellCount} cells of {HeldOutDonor}, its 1403 most expressed genes: {coverage.Describe()}; library share {coverage.LibraryShare:P1}");
        output.WriteLine($"accuracy: filled {Accuracy(query, predictions):P1}, raw zeros {Accuracy(query, zeroFilled):P1}, all genes {Accuracy(donor, full):P1}");
        // Measured: loading share 17.9 %, accuracy 93.1 % filled, 51.7 % with raw zeros (all genes: 82.8 %).
        Assert.True(coverage.LoadingShare < 0.3, $"1403 of 12474 genes should carry little loading mass, got {coverage.LoadingShare:P1}");
        Assert.True(coverage.IsLow);
        Assert.Equal(10, coverage.TopMissing.Count);
        Assert.True(coverage.TopMissing.Zip(coverage.TopMissing.Skip(1), (a, b) => a.LoadingShare >= b.LoadingShare).All(ordered => ordered));
        Assert.True(Accuracy(query, predictions) >= 0.9, $"accuracy {Accuracy(query, predictions):P1} < 90 %");
        Assert.All(predictions.Probabilities, p => Assert.True(float.IsFinite(p)));
    }

    [Fact]
    public void FilledQueryInSeveralBlocks_OnSeveralThreads_EqualsOneThread()
    {
        // The filled rows are dense; 1,300 cells make two blocks, so two threads fill and predict at once.
        var (model, donor) = HeldOut.Value;
        var panel = MostExpressedGenes(donor, 1403);
        var query = panel.SelectCells([.. Enumerable.Range(0, 1300).Select(cell => cell % panel.CellCount)]);
        var one = model.Predict("human", query, new PredictionOptions { MaxThreads = 1 });
        var several = model.Predict("human", query, new PredictionOptions { MaxThreads = 4 });
        Assert.True(one.GeneCoverage!.LoadingShare < 1, "the panel leaves genes to fill");
        Assert.Equal(one.Embedding, several.Embedding);
        Assert.Equal(one.Probabilities, several.Probabilities);
        Assert.Equal(one.CellTypes, several.CellTypes);
        Assert.Equal(one.CallStatus, several.CallStatus);
    }

    [Fact]
    public void QueryBelowTheMinimumCoverage_IsRefused_NamingTheMissingGenes_UnlessTheMinimumIsLowered()
    {
        var (model, donor) = HeldOut.Value;
        var query = RandomGenes(donor, 300, seed: 16);

        var error = Assert.Throws<GeneOverlapException>(() => model.Predict("human", query));
        var lowered = model.Predict("human", query, new PredictionOptions { MinimumGeneCoverage = 0.01 });

        output.WriteLine(error.Message);
        Assert.NotNull(error.Coverage);
        Assert.Contains("PCA loading mass", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Coverage!.TopMissing[0].Gene, error.Message, StringComparison.Ordinal);
        Assert.Equal(donor.CellCount, lowered.CellCount);
    }

    [Fact]
    public void EveryGeneMeasured_FillsNothing_AndPredictsTheSameBitsAsWithoutFilling()
    {
        var (model, donor) = HeldOut.Value;

        var filled = model.Predict("human", donor);
        var plain = model.Predict("human", donor, new PredictionOptions { MissingGenes = MissingGeneFill.Zero, CorrectLibrarySize = false });

        Assert.Equal(1.0, filled.GeneCoverage!.LoadingShare, 6);
        Assert.Equal(plain.Probabilities, filled.Probabilities);
        Assert.Equal(plain.Embedding, filled.Embedding);
    }

    [Fact]
    public void MissingGenes_AreFilledSoTheyMoveNoComponent()
    {
        // A fill that scales to the PCA mean adds nothing to the projection: a cell whose variable genes are all missing
        // (every measured gene non-variable) lands, before Harmony, on the PCA origin.
        var (model, donor) = HeldOut.Value;
        var variable = model.Reference!.VariableFeatures.ToHashSet();
        var human = model.Reference.Species.First(part => part.Name == "human");
        var modelGenes = model.Manifest.Species.First(species => species.Name == "human").ModelGenes;
        var variableGenes = Enumerable.Range(0, human.SourceGenes.Length).Where(entry => variable.Contains(human.TargetFeatures[entry]))
            .Select(entry => modelGenes[human.SourceGenes[entry]]).ToHashSet(StringComparer.Ordinal);
        var query = donor.SelectGenes([.. Enumerable.Range(0, donor.GeneCount).Where(gene => !variableGenes.Contains(donor.GeneNames[gene]))]);

        var transformed = model.Transform("human", query.SelectCells([0, 1, 2]), new PredictionOptions { MinimumGeneCoverage = 0, MissingGenes = MissingGeneFill.ReferenceMean });

        Assert.All(transformed.Pca.Values, value => Assert.Equal(0, value, 2));
    }

    [Fact]
    public void AccuracyFallsGentlyAsGenesAreRemoved()
    {
        var (model, donor) = HeldOut.Value;
        output.WriteLine("| genes measured | subset | loading share | library share | conditional fill | reference mean | mean, no library correction | raw zeros |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        var randomAccuracy = new Dictionary<int, double>();
        var randomZeroAccuracy = new Dictionary<int, double>();
        foreach (var genes in new[] { 12474, 6000, 3000, 1403, 700, 350 })
        {
            var subsets = new List<(string Name, CellMatrix Query)>();
            for (var seed = 1; seed <= 3; seed++)
            {
                subsets.Add(($"random (seed {seed})", RandomGenes(donor, genes, seed)));
            }

            subsets.Add(("most expressed in the query", MostExpressedGenes(donor, genes)));
            var accuracies = new List<double>();
            var zeroAccuracies = new List<double>();
            foreach (var (name, query) in subsets)
            {
                var options = new PredictionOptions { MinimumGeneCoverage = 0 };
                var filled = model.Predict("human", query, options);
                var zeros = model.Predict("human", query, new PredictionOptions { MinimumGeneCoverage = 0, MissingGenes = MissingGeneFill.Zero, CorrectLibrarySize = false });
                var mean = model.Predict("human", query, new PredictionOptions { MinimumGeneCoverage = 0, MissingGenes = MissingGeneFill.ReferenceMean });
                var meanUncorrected = model.Predict("human", query, new PredictionOptions { MinimumGeneCoverage = 0, MissingGenes = MissingGeneFill.ReferenceMean, CorrectLibrarySize = false });
                var coverage = filled.GeneCoverage!;
                if (name.StartsWith("random", StringComparison.Ordinal))
                {
                    accuracies.Add(Accuracy(query, filled));
                    zeroAccuracies.Add(Accuracy(query, zeros));
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {genes} | {name} | {coverage.LoadingShare:P1} | {coverage.LibraryShare:P1} | {Accuracy(query, filled):P1} | {Accuracy(query, mean):P1} | {Accuracy(query, meanUncorrected):P1} | {Accuracy(query, zeros):P1} |"));
            }

            randomAccuracy[genes] = accuracies.Average();
            randomZeroAccuracy[genes] = zeroAccuracies.Average();
        }

        // Measured (held-out human3, 58 cells; all genes 82.8 %): random 6000 genes 75.3 % filled vs 51.7 % raw zeros,
        // random 1403 genes 64.4 % vs 22.4 %.
        Assert.True(randomAccuracy[6000] >= 0.65, $"6000 random genes: {randomAccuracy[6000]:P1}");
        Assert.True(randomAccuracy[1403] - randomZeroAccuracy[1403] >= 0.25, $"1403 random genes: filled {randomAccuracy[1403]:P1}, raw zeros {randomZeroAccuracy[1403]:P1}");
    }
}
