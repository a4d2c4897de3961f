using System.Text.Json.Nodes;
using PllmML.Evaluation;
using PllmML.Pipeline;
using PllmML.Pipeline.Configuration;
using PllmML.Trainers.SingleCell;
using Xunit.Abstractions;

namespace PllmML.Cli.Tests;

/// <summary>
/// <c>pllm run --compare-integrations harmony,scanvi</c> on the bundled pancreas cells (human 175 + mouse 487 of the five
/// shared types, classifier on mouse): every method fitted on the same cells and evaluated by the same code, side by side
/// in <c>metrics.json</c> and the report. One default run and one comparison run into the same folder serve every test
/// (<see cref="ComparisonRun"/>): the comparison reuses the default run's Harmony fit and trains scANVI once.
/// </summary>
public class MethodComparisonTests(MethodComparisonTests.ComparisonRun run, ITestOutputHelper output) : IClassFixture<MethodComparisonTests.ComparisonRun>
{
    [Fact]
    [Trait("Category", "LongTraining")]
    public void MetricsJson_HasAnEntryPerMethod_WithEveryMetric_AndMarksTheSavedModel()
    {
        var methods = run.Compared["methods"]!.AsObject();
        Assert.Equal(["harmony", "scanvi"], methods.Select(pair => pair.Key));
        Assert.True(methods["harmony"]!["primary"]!.GetValue<bool>());
        Assert.False(methods["scanvi"]!["primary"]!.GetValue<bool>());
        foreach (var (name, entry) in methods)
        {
            Assert.True(entry!["fit_seconds"]!.GetValue<double>() > 0, name);
            var metrics = entry["integrated"]!["metrics"]!.AsObject();
            foreach (var metric in new[] { "Total", "Bio conservation", "Batch correction", "iLISI", "cLISI", "KMeans NMI", "Silhouette batch", "Graph connectivity", "PCR comparison" })
            {
                Assert.True(metrics.ContainsKey(metric), $"{name}: {metric}");
            }

            var summary = entry["summary"]!;
            Assert.Equal(["human → mouse", "mouse → human"], summary["knn_transfer"]!.AsObject().Select(pair => pair.Key).Order(StringComparer.Ordinal));
            Assert.Equal(["mouse → human"], summary["classifier_transfer"]!.AsObject().Select(pair => pair.Key));
            Assert.Equal(2, entry["integrated"]!["label_transfer"]!.AsArray().Count);
            Assert.Single(entry["classifier_label_transfer"]!.AsArray());
            output.WriteLine($"{name}: fit {entry["fit_seconds"]} s, dimensions {entry["dimensions"]}, {summary.ToJsonString()}");
        }
    }

    [Fact]
    [Trait("Category", "LongTraining")]
    public void EachEntry_EqualsEvaluatingThatMethodAlone()
    {
        var methods = run.Compared["methods"]!;

        // Harmony, the saved model: the default run (Harmony alone) wrote the same numbers.
        Assert.True(JsonNode.DeepEquals(run.Default["integrated"], methods["harmony"]!["integrated"]), "harmony: integrated");
        Assert.True(JsonNode.DeepEquals(run.Default["classifier_label_transfer"], methods["harmony"]!["classifier_label_transfer"]), "harmony: classifier");

        // scANVI: its integrated cells evaluated on their own, as a scanvi run's evaluate stage (or pllm evaluate) does.
        var alone = EvaluationJson.ToJson(EmbeddingEvaluation.Evaluate(new EmbeddingEvaluationSettings
        {
            Input = Path.Combine(run.Folder, "methods", "scanvi", "integrated.h5ad"),
            Embedding = OutputKeys.IntegratedEmbedding,
            Baseline = OutputKeys.BaselineEmbedding,
            Output = Path.Combine(run.Folder, "unused.json"),
            LabelKey = "cell_type",
            BatchKey = OutputKeys.Species,
            DrawPictures = false,
            PredictionKeys = [OutputKeys.BestCellType, OutputKeys.PredictedCellType],
            TrainedOn = ["mouse"],
        }));
        Assert.True(JsonNode.DeepEquals(alone["integrated"], methods["scanvi"]!["integrated"]), "scanvi: integrated");
        Assert.True(JsonNode.DeepEquals(alone["classifier_label_transfer"], methods["scanvi"]!["classifier_label_transfer"]), "scanvi: classifier");
        var written = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Folder, "methods", "scanvi", "metrics.json")))!;
        Assert.True(JsonNode.DeepEquals(written["integrated"], methods["scanvi"]!["integrated"]), "scanvi: methods/scanvi/metrics.json");
    }

    /// <summary>
    /// The biology measured before (src/Deep/README.md): on these cells scANVI's joint space transfers labels between
    /// the species far better than Harmony's (mean kNN accuracy 0.895 against 0.600).
    /// </summary>
    [Fact]
    [Trait("Category", "LongTraining")]
    public void Scanvi_TransfersLabelsBetterThanHarmony()
    {
        double Mean(string method) => run.Compared["methods"]![method]!["summary"]!["knn_transfer_mean"]!.GetValue<double>();
        output.WriteLine($"mean kNN transfer: harmony {Mean("harmony"):F3}, scanvi {Mean("scanvi"):F3}");
        Assert.InRange(Mean("harmony"), 0.55, 0.65);
        Assert.True(Mean("scanvi") >= Mean("harmony") + 0.2, $"scanvi {Mean("scanvi"):F3} vs harmony {Mean("harmony"):F3}");
    }

    [Fact]
    [Trait("Category", "LongTraining")]
    public void DefaultRun_IsUnchanged_AndTheComparisonOnlyAdds()
    {
        Assert.Null(run.Default["methods"]);
        Assert.DoesNotContain("side by side", run.DefaultReport, StringComparison.Ordinal);
        Assert.DoesNotContain("compareMethods", run.DefaultConfig, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.Combine(run.Folder, "methods"), run.DefaultFiles);

        // Everything but the methods section and the timings is the same file.
        var compared = run.Compared.DeepClone().AsObject();
        var single = run.Default.DeepClone().AsObject();
        compared.Remove("methods");
        compared.Remove("timings_seconds");
        single.Remove("timings_seconds");
        Assert.True(JsonNode.DeepEquals(single, compared));
        Assert.Contains("fit (reused)", run.ComparedOutput, StringComparison.Ordinal);
        Assert.Contains("predict (reused)", run.ComparedOutput, StringComparison.Ordinal);
        Assert.Contains("✓ methods: scanvi fitted in", run.ComparedOutput, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "LongTraining")]
    public void Report_ShowsTheMethodsSideBySide_WithTheSavedModelMarked_AndAFigure()
    {
        var report = run.ComparedReport;
        Assert.Contains("<h2>Integration methods side by side</h2>", report, StringComparison.Ordinal);
        Assert.Contains("harmony ★ saved model", report, StringComparison.Ordinal);
        Assert.Contains("<th>scanvi</th>", report, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"integration methods side by side\"", report, StringComparison.Ordinal);
        Assert.Contains("kNN transfer mouse → human (accuracy)", report, StringComparison.Ordinal);
        Assert.Contains("classifier transfer mouse → human (accuracy)", report, StringComparison.Ordinal);
    }

    /// <summary>The default run, then the comparison run into the same folder, once for the class.</summary>
    public sealed class ComparisonRun
    {
        public ComparisonRun()
        {
            Folder = Path.Combine(TestPaths.NewTempFolder(), "out");
            var config = WriteConfig(Path.GetDirectoryName(Folder)!, null);
            var single = CliRun.Of("run", config, "--out", Folder);
            Assert.True(single.ExitCode == 0, single.Output + single.Error);
            Default = Read("metrics.json");
            DefaultReport = File.ReadAllText(Path.Combine(Folder, "report.html"));
            DefaultConfig = File.ReadAllText(Path.Combine(Folder, "config.json"));
            DefaultFiles = [.. Directory.EnumerateFileSystemEntries(Folder)];

            var compared = CliRun.Of("run", config, "--out", Folder, "--compare-integrations", "harmony,scanvi");
            Assert.True(compared.ExitCode == 0, compared.Output + compared.Error);
            Compared = Read("metrics.json");
            ComparedReport = File.ReadAllText(Path.Combine(Folder, "report.html"));
            ComparedOutput = compared.Output;
        }

        public string Folder { get; }

        public JsonNode Default { get; }

        public string DefaultReport { get; }

        public string DefaultConfig { get; }

        public List<string> DefaultFiles { get; }

        public JsonNode Compared { get; }

        public string ComparedReport { get; }

        public string ComparedOutput { get; }

        /// <summary>
        /// The pancreas config, with src/Deep/README.md's best scANVI recipe (encoded covariates, scVI 40 epochs with the KL
        /// warm-up over them, then 100 scANVI epochs without warm-up; 2 libtorch threads) for whichever run compares it.
        /// </summary>
        public static string WriteConfig(string folder, string? compareMethods)
        {
            static string P(params string[] parts) => TestPaths.Bundled(parts).Replace("\\", "/", StringComparison.Ordinal);
            var path = Path.Combine(folder, "pancreas.json");
            File.WriteAllText(path, $$"""
                {
                  "inputs": [
                    { "path": "{{P("pancreas", "human.h5ad")}}", "species": "human", "labelKey": "cell_type" },
                    { "path": "{{P("pancreas", "mouse.h5ad")}}", "species": "mouse", "labelKey": "cell_type" }
                  ],
                  "homology": { "path": "{{P("orthologs", "cacimar", "OrthG_Hs_Mm.tsv")}}", "strategy": "OneToOne", "referenceSpecies": "human" },
                  "trainSpecies": [ "mouse" ],
                  "keepLabels": [ "alpha", "beta", "delta", "macrophage", "stellate" ],
                  "integration": {
                    "scvi": { "encodeCovariates": true, "maxEpochs": 40, "klWarmupEpochs": 40, "threads": 2 },
                    "scanvi": { "maxEpochs": 100, "klWarmupEpochs": null }
                  },
                  "evaluation": { "pictures": false{{(compareMethods is null ? string.Empty : $", \"compareMethods\": {compareMethods}")}} },
                  "seed": 0
                }
                """);
            return path;
        }

        private JsonNode Read(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, file)))!;
    }
}
