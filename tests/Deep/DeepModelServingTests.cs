using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Trainers.Deep;
using PllmML.Trainers.SingleCell;

namespace PllmML.Deep.Tests;

/// <summary>
/// A pipeline fitted with a deep integration network saves as one model zip that a fresh process loads with plain
/// ML.NET (no TorchSharp: the child references PllmML.Trainers only) and whose predictions equal the trained TorchSharp
/// network's output. Small networks and few epochs: the test is about the serving path, not the biology.
/// </summary>
public class DeepModelServingTests
{
    [Fact]
    public void Scanvi_SavedModel_PredictsInAFreshProcess_AsTheTrainedTorchSharpNetwork()
    {
        var trainer = new RecordingScanviTrainer(
            new ScviOptions { NHidden = 32, NLatent = 6, MaxEpochs = 3, KlWarmupEpochs = 3, Threads = 1, Seed = 3 },
            new ScanviOptions { MaxEpochs = 2, KlWarmupEpochs = 2 });
        var (model, human) = Fit(trainer, topGenes: 300);
        Assert.Equal(6, model.Manifest.EmbeddingDimensions);
        Assert.Equal(PancreasCounts.CommonTypes, model.Manifest.Labels);
        Assert.StartsWith("scanvi: scVI 3 epochs, then scANVI 2 epochs", model.Manifest.Parameters["integration"], StringComparison.Ordinal);

        var lines = PredictInChild(model, human);

        // Training rows are human first (the inputs' order): row i of the TorchSharp outputs is human cell i.
        var d = model.Manifest.EmbeddingDimensions;
        var classes = model.Manifest.Labels.Count;
        Assert.Equal(human.CellCount, lines.Length);
        for (var cell = 0; cell < lines.Length; cell++)
        {
            var parts = lines[cell].Split('\t');
            var embedding = parts[1].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var probabilities = parts[2].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            AssertClose(trainer.TorchLatent.AsSpan(cell * d, d), embedding, $"cell {cell} embedding");
            AssertClose(trainer.TorchProbabilities.AsSpan(cell * classes, classes), probabilities, $"cell {cell} probabilities");
            Assert.Equal(model.Manifest.Labels[Array.IndexOf(probabilities, probabilities.Max())], parts[0]);
        }

        // The in-process model (its own pooled engines) predicts the same.
        var predictions = model.Predict("human", human);
        AssertClose(trainer.TorchLatent.AsSpan(0, human.CellCount * d), predictions.Embedding, "in-process embedding");
    }

    [Fact]
    public void Scvi_SavedModel_EmbedsInAFreshProcess_AsTheTrainedTorchSharpNetwork_WithTheUsualClassifier()
    {
        var trainer = new RecordingScviTrainer(new ScviOptions { NHidden = 32, NLatent = 5, MaxEpochs = 3, KlWarmupEpochs = 3, Threads = 1, Seed = 4, EncodeCovariates = true });
        var (model, human) = Fit(trainer, topGenes: 300);

        var lines = PredictInChild(model, human);

        var d = model.Manifest.EmbeddingDimensions;
        Assert.Equal(5, d);
        for (var cell = 0; cell < lines.Length; cell++)
        {
            var embedding = lines[cell].Split('\t')[1].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            AssertClose(trainer.TorchLatent.AsSpan(cell * d, d), embedding, $"cell {cell}");
        }

        Assert.StartsWith("scvi: 3 epochs", model.Manifest.Parameters["integration"], StringComparison.Ordinal);
    }

    private static (SingleCellModel Model, CellMatrix Human) Fit(ILatentIntegrationTrainer trainer, int topGenes)
    {
        var pancreas = PancreasCounts.Instance;
        var model = SingleCellPipeline.Fit(
            new MLContext(0),
            [new SpeciesData("human", pancreas.Human), new SpeciesData("mouse", pancreas.Mouse, LabelKey: "cell_type")],
            new Dictionary<string, GenePairTable> { ["mouse"] = pancreas.Pairs },
            new SingleCellPipelineOptions { HomologySource = "OrthG_Hs_Mm.tsv", TrainSpecies = ["mouse"], TopGenes = topGenes, DeepIntegration = trainer, Coverage = 0 });
        return (model, pancreas.Human);
    }

    private static string[] PredictInChild(SingleCellModel model, CellMatrix human)
    {
        var folder = TestPaths.NewTempFolder();
        var modelPath = Path.Combine(folder, "model.zip");
        var cellsPath = Path.Combine(folder, "human.h5ad");
        var outPath = Path.Combine(folder, "child.tsv");
        model.Save(modelPath);
        DataFiles.WriteCells(human, cellsPath);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "PllmML.ModelLoadChild.dll"), modelPath, cellsPath, "human", outPath })
        {
            start.ArgumentList.Add(argument);
        }

        using (var process = Process.Start(start)!)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"child failed ({process.ExitCode}):\n{output}\n{error.Result}");
        }

        var lines = File.ReadAllLines(outPath);
        Directory.Delete(folder, true);
        return lines;
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"{what}, value {i}: TorchSharp {expected[i]} vs served {actual[i]}");
        }
    }

    /// <summary>The scANVI trainer, also keeping the TorchSharp network's latent and probabilities of the training cells.</summary>
    private sealed class RecordingScanviTrainer(ScviOptions scvi, ScanviOptions options) : ILatentIntegrationTrainer
    {
        public string Method => "scanvi";

        public float[] TorchLatent { get; private set; } = [];

        public float[] TorchProbabilities { get; private set; } = [];

        public LatentIntegrationModel Fit(LatentTrainingData data)
        {
            var result = new ScanviIntegrationTrainer(scvi, options).Fit(data, model =>
            {
                TorchLatent = model.GetLatentRepresentation(data.Counts, data.Species);
                TorchProbabilities = model.PredictProbabilities(data.Counts, data.Species);
            });
            return result;
        }
    }

    /// <summary>The scVI trainer, also keeping the TorchSharp network's latent of the training cells.</summary>
    private sealed class RecordingScviTrainer(ScviOptions scvi) : ILatentIntegrationTrainer
    {
        public string Method => "scvi";

        public float[] TorchLatent { get; private set; } = [];

        public LatentIntegrationModel Fit(LatentTrainingData data) =>
            new ScviIntegrationTrainer(scvi).Fit(data, model => TorchLatent = model.GetLatentRepresentation(data.Counts, data.Species));
    }
}
