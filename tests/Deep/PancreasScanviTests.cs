using System.Globalization;
using Microsoft.ML;
using PllmML.Data.Orthologs;
using PllmML.Evaluation;
using PllmML.Kernels.Neighbors;
using PllmML.Pipeline.Configuration;
using PllmML.Trainers.Deep;
using PllmML.Trainers.SingleCell;
using Xunit.Abstractions;

namespace PllmML.Deep.Tests;

/// <summary>
/// The whole pipeline with a deep integration stage on the bundled pancreas cells (human 175 + mouse 487 of the five
/// shared types, classifier on mouse labels), evaluated as the run's report does, beside Harmony on the same cells.
/// </summary>
public class PancreasScanviTests(ITestOutputHelper output)
{
    [ExperimentFact]
    public void Experiment_Pipeline()
    {
        static string? Env(string name) => Environment.GetEnvironmentVariable("PLLM_DEEP_" + name);
        static int? Int(string name) => Env(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;
        var method = Env("METHOD") ?? "scanvi";
        var scvi = new ScviOptions
        {
            MaxEpochs = Int("EPOCHS") ?? 40, KlWarmupEpochs = Int("WARMUP") ?? 40, Threads = 2, Seed = Int("SEED") ?? 0,
            NLatent = Int("LATENT") ?? 10, NHidden = Int("HIDDEN") ?? 128, EncodeCovariates = Env("ENCODE") == "1",
            GeneLikelihood = Env("NB") == "1" ? GeneLikelihood.NegativeBinomial : GeneLikelihood.ZeroInflatedNegativeBinomial,
            AdversarialClassifier = Env("ADVERSARIAL") == "1",
            AdversarialScale = Env("ADVERSARIAL_SCALE") is { } scale ? double.Parse(scale, CultureInfo.InvariantCulture) : null,
        };
        var scanvi = new ScanviOptions
        {
            MaxEpochs = Int("SCANVI_EPOCHS") ?? 10,
            KlWarmupEpochs = Int("SCANVI_WARMUP") is { } w ? (w == 0 ? null : w) : null,
            ClassificationRatio = Env("RATIO") is { } r ? double.Parse(r, CultureInfo.InvariantCulture) : 50,
            LinearClassifier = Env("LINEAR") == "1",
            AdversarialClassifier = Env("SCANVI_ADVERSARIAL") == "1",
            SamplesPerLabel = Int("PER_LABEL"),
            AdversarialScale = Env("SCANVI_ADVERSARIAL_SCALE") is { } scanviScale ? double.Parse(scanviScale, CultureInfo.InvariantCulture) : null,
        };
        var pancreas = PancreasCounts.Instance;
        var fit = FitPipeline(method switch
        {
            "scvi" => new ScviIntegrationTrainer(scvi),
            "scanvi" => new ScanviIntegrationTrainer(scvi, scanvi),
            _ => null,
        });
        Report(fit.Result);
        output.WriteLine($"classifier mouse → human: {fit.Classifier:F3}");
        output.WriteLine("human type (cells): calls " + string.Join("; ", fit.HumanCalls.GroupBy(call => call.Type).OrderBy(group => group.Key).Select(group =>
            $"{group.Key} ({group.Count()}): " + string.Join(", ", group.GroupBy(call => call.Call).OrderByDescending(call => call.Count()).Select(call => $"{call.Key} {call.Count()}")))));
        Diagnose(output, pancreas, fit.Embedding, fit.Dimensions);
    }

    /// <summary>
    /// The cross-species recipe (<c>configs/pancreas-scanvi.json</c>): scANVI with the species one-hot in the encoder,
    /// scVI 40 epochs (KL warm-up 40) then scANVI 100 epochs, and scvi-tools' adversarial species classifier in both
    /// phases (weight 1 with scVI, 2 with scANVI), beside the same recipe without the adversaries and beside Harmony, on the same cells with the
    /// same evaluation. The adversaries mix the species (human and mouse neighbours), which the species covariate of
    /// the decoder alone does not, and the classifier and label transfer stay above Harmony's pipeline.
    /// </summary>
    /// <remarks>
    /// The bounds hold with room for every seed 0 … 5 measured on this data (src/Deep/README.md): one seed's training is
    /// not the same bits on another CPU, and these 662 cells with 9 mouse alpha cells make the scores vary by seed.
    /// </remarks>
    [Fact]
    [Trait("Category", "LongTraining")]
    public void ScanviWithAdversaries_OnPancreas_MixesTheSpecies_AndKeepsTransferAboveHarmony()
    {
        var pancreas = PancreasCounts.Instance;
        var recipe = Recipe(adversaries: true);
        var withAdversaries = FitPipeline(new ScanviIntegrationTrainer(recipe.Scvi, recipe.Scanvi));
        var plain = Recipe(adversaries: false);
        var without = FitPipeline(new ScanviIntegrationTrainer(plain.Scvi, plain.Scanvi));
        var harmony = FitPipeline(null);
        foreach (var (name, fit) in new[] { ("scANVI with adversaries", withAdversaries), ("scANVI without", without), ("Harmony", harmony) })
        {
            output.WriteLine($"{name}: classifier mouse → human {fit.Classifier:F3}; balanced iLISI {BalancedIntegrationScore(pancreas, fit.Embedding, fit.Dimensions):F3}");
            Report(fit.Result);
        }

        static double MeanTransfer(EvaluationResult result) => result.Transfers.Average(t => t.Accuracy);
        var mixed = BalancedIntegrationScore(pancreas, withAdversaries.Embedding, withAdversaries.Dimensions);
        var apart = BalancedIntegrationScore(pancreas, without.Embedding, without.Dimensions);
        Assert.True(mixed >= apart + 0.08, $"iLISI on a species-balanced subsample: {mixed:F3} with the adversaries, {apart:F3} without (0.43 against 0.18 at seed 0 here)");
        Assert.True(withAdversaries.Result.Integrated.Total > without.Result.Integrated.Total, $"scib total {withAdversaries.Result.Integrated.Total:F4} with, {without.Result.Integrated.Total:F4} without");
        Assert.True(withAdversaries.Result.Integrated.Total >= harmony.Result.Integrated.Total - 0.03, $"scib total {withAdversaries.Result.Integrated.Total:F4}, Harmony {harmony.Result.Integrated.Total:F4}");
        Assert.True(MeanTransfer(withAdversaries.Result) >= MeanTransfer(harmony.Result) + 0.03, $"mean kNN transfer {MeanTransfer(withAdversaries.Result):F3}, Harmony {MeanTransfer(harmony.Result):F3}");
        Assert.True(withAdversaries.Result.Integrated["cLISI"].Value >= 0.95);
        Assert.True(withAdversaries.Classifier >= 0.7, $"scANVI's classifier mouse → human {withAdversaries.Classifier:F3} (0.74–0.98 in `pllm run` over seeds 0–5)");
    }

    /// <summary>The cross-species recipe's options as the shipped config gives them, with or without the adversarial species classifiers.</summary>
    internal static (ScviOptions Scvi, ScanviOptions Scanvi) Recipe(bool adversaries)
    {
        var config = RunConfiguration.Read(Path.Combine(TestPaths.RepositoryRoot, "configs", "pancreas-scanvi.json"));
        Assert.Equal("scanvi", config.Integration.Method);
        var (scvi, scanvi) = (config.Integration.Scvi.ToOptions(config.Seed), config.Integration.Scanvi.ToOptions());
        Assert.True(scvi is { AdversarialClassifier: true, AdversarialScale: 1, EncodeCovariates: true, MaxEpochs: 40, KlWarmupEpochs: 40 }, "the scvi section");
        Assert.True(scanvi is { AdversarialClassifier: true, AdversarialScale: 2, MaxEpochs: 100, KlWarmupEpochs: null }, "the scanvi section");
        if (!adversaries)
        {
            (scvi.AdversarialClassifier, scvi.AdversarialScale, scanvi.AdversarialClassifier, scanvi.AdversarialScale) = (false, null, false, null);
        }

        return (scvi, scanvi);
    }

    private sealed record PipelineFit(EvaluationResult Result, double Classifier, double[] Embedding, int Dimensions, (string Type, string Call)[] HumanCalls);

    /// <summary>The whole pipeline on the pancreas cells (classifier on mouse labels), evaluated as the run's report does.</summary>
    private PipelineFit FitPipeline(ILatentIntegrationTrainer? deep)
    {
        var pancreas = PancreasCounts.Instance;
        SpeciesData[] inputs = [new SpeciesData("human", pancreas.Human, LabelKey: "cell_type"), new SpeciesData("mouse", pancreas.Mouse, LabelKey: "cell_type")];
        var options = new SingleCellPipelineOptions { HomologySource = "OrthG_Hs_Mm.tsv", TrainSpecies = ["mouse"], Seed = 0, Coverage = 0, DeepIntegration = deep };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var model = SingleCellPipeline.Fit(new MLContext(0), inputs, new Dictionary<string, GenePairTable> { ["mouse"] = pancreas.Pairs }, options);
        output.WriteLine($"{deep?.Method ?? "harmony"}: fit {watch.Elapsed.TotalSeconds:F0} s; {string.Join(" | ", model.Timings.Select(t => $"{t.Stage} {t.Elapsed.TotalSeconds:F0} s: {t.Summary}"))}");
        var integrated = model.Integrate(inputs, "cell_type");
        var embedding = integrated.Obsm[OutputKeys.IntegratedEmbedding];
        var predicted = integrated.Obs[OutputKeys.PredictedCellType];
        var human = Enumerable.Range(0, pancreas.Species.Length).Where(cell => pancreas.Species[cell] == "human").ToArray();
        var calls = human.Select(cell => (pancreas.Types[cell], predicted.FormatValue(cell))).ToArray();
        return new PipelineFit(
            pancreas.Evaluate([.. embedding.Values], embedding.ColumnCount),
            calls.Count(call => call.Item1 == call.Item2) / (double)calls.Length,
            [.. embedding.Values.Select(v => (double)v)],
            embedding.ColumnCount,
            calls);
    }

    /// <summary>iLISI on every human cell and as many mouse cells drawn at random, neighbours searched again in the subsample.</summary>
    private static double BalancedIntegrationScore(PancreasCounts pancreas, double[] embedding, int dimensions)
    {
        var cells = pancreas.Species.Length;
        var random = new Random(0);
        var mouse = Enumerable.Range(0, cells).Where(c => pancreas.Species[c] == "mouse").OrderBy(_ => random.Next()).Take(pancreas.Species.Count(s => s == "human"));
        var rows = Enumerable.Range(0, cells).Where(c => pancreas.Species[c] == "human").Concat(mouse).ToArray();
        var sub = rows.SelectMany(r => embedding.AsSpan(r * dimensions, dimensions).ToArray()).ToArray();
        var subGraph = NeighborSearches.Cpu.Search(sub, dimensions, Lisi.DefaultNeighborCount);
        return Lisi.IntegrationScore(subGraph, new LabelCodes([.. rows.Select(r => pancreas.Species[r])]));
    }

    /// <summary>Species mixing seen directly: the share of the other species among each cell's 89 neighbours, and LISI variants.</summary>
    internal static void Diagnose(ITestOutputHelper output, PancreasCounts pancreas, double[] embedding, int dimensions)
    {
        var cells = pancreas.Species.Length;
        var graph = NeighborSearches.Cpu.Search(embedding, dimensions, Lisi.DefaultNeighborCount);
        foreach (var species in new[] { "human", "mouse" })
        {
            var own = Enumerable.Range(0, cells).Where(cell => pancreas.Species[cell] == species).ToArray();
            var shares = own.Select(cell =>
            {
                var neighbours = graph.NeighborsOf(cell);
                var other = 0;
                foreach (var n in neighbours)
                {
                    other += pancreas.Species[n] != species ? 1 : 0;
                }

                return other / (double)neighbours.Length;
            }).Order().ToArray();
            var near15 = own.Average(cell => graph.NeighborsOf(cell)[..15].ToArray().Count(n => pancreas.Species[n] != species) / 15.0);
            output.WriteLine($"{species} cells: other-species share of 89 neighbours mean {shares.Average():F3}, median {shares[shares.Length / 2]:F3}, "
                + $"zero for {shares.Count(s => s == 0) / (double)shares.Length:P0}; of 15 neighbours mean {near15:F3}");
        }

        var codes = new LabelCodes(pancreas.Species);
        var perCell = Lisi.PerCell(graph, codes);
        output.WriteLine($"LISI (squared distances, as Lisi.cs): median {Lisi.Median(perCell):F3} → iLISI {(Lisi.Median(perCell) - 1):F3}; human median {Lisi.Median([.. Enumerable.Range(0, cells).Where(c => pancreas.Species[c] == "human").Select(c => perCell[c])]):F3}");
        var unsquared = UnsquaredLisi(graph, pancreas.Species);
        output.WriteLine($"LISI (distances unsquared, scib-metrics' exp(−β·d)): median {Lisi.Median(unsquared):F3} → iLISI {(Lisi.Median(unsquared) - 1):F3}");

        output.WriteLine($"iLISI on a species-balanced subsample ({2 * pancreas.Species.Count(s => s == "human")} cells): {BalancedIntegrationScore(pancreas, embedding, dimensions):F3}");
    }

    private static double[] UnsquaredLisi(NeighborGraph graph, string[] species)
    {
        var result = new double[graph.CellCount];
        for (var cell = 0; cell < graph.CellCount; cell++)
        {
            var d = graph.DistancesOf(cell).ToArray();
            var neighbours = graph.NeighborsOf(cell).ToArray();
            double beta = 1, betaMin = double.NegativeInfinity, betaMax = double.PositiveInfinity;
            var p = new double[d.Length];
            double H()
            {
                var sum = 0.0;
                var weighted = 0.0;
                for (var j = 0; j < d.Length; j++)
                {
                    p[j] = Math.Exp(-d[j] * beta);
                    sum += p[j];
                    weighted += d[j] * p[j];
                }

                if (sum == 0)
                {
                    Array.Clear(p);
                    return 0;
                }

                for (var j = 0; j < d.Length; j++)
                {
                    p[j] /= sum;
                }

                return Math.Log(sum) + (beta * weighted / sum);
            }

            var h = H();
            for (var step = 0; step < 50 && Math.Abs(h - Math.Log(30)) >= 1e-5; step++)
            {
                if (h - Math.Log(30) > 0)
                {
                    betaMin = beta;
                    beta = double.IsPositiveInfinity(betaMax) ? beta * 2 : (beta + betaMax) / 2;
                }
                else
                {
                    betaMax = beta;
                    beta = double.IsNegativeInfinity(betaMin) ? beta / 2 : (beta + betaMin) / 2;
                }

                h = H();
            }

            var human = 0.0;
            var total = 0.0;
            for (var j = 0; j < d.Length; j++)
            {
                total += p[j];
                human += species[neighbours[j]] == "human" ? p[j] : 0;
            }

            result[cell] = h == 0 ? 1 : 1 / ((human * human) + ((total - human) * (total - human)));
        }

        return result;
    }

    private void Report(EvaluationResult result)
    {
        output.WriteLine(string.Join("; ", result.Integrated.Metrics.Select(m => $"{m.Name} {m.Value:F3}")));
        output.WriteLine($"scib total {result.Integrated.Total:F4}");
        foreach (var t in result.Transfers)
        {
            output.WriteLine($"{t.ReferenceBatch} → {t.QueryBatch}: accuracy {t.Accuracy:F3}, macro-F1 {t.MacroF1:F3}");
        }
    }
}
