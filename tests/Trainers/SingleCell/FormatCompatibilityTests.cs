using System.Globalization;
using System.IO.Compression;
using System.Runtime.Intrinsics;
using Microsoft.ML;
using PllmML.Trainers.SingleCell;

namespace PllmML.Trainers.Tests.SingleCell;

/// <summary>
/// A model zip written in format 1 (fixtures/README.md) still loads and predicts the bits it predicted when it was
/// written, and a model fitted now is another fit of the same data: it predicts nearly what the format-1 model
/// predicts (its PCA's covariance is summed in another order than when the fixture was written, on every machine).
/// </summary>
public sealed class FormatCompatibilityTests
{
    private static readonly string Fixtures = Path.Combine(TestPaths.RepositoryRoot, "tests", "Trainers", "SingleCell", "fixtures");

    [Fact]
    public void Format1Model_LoadsAndPredictsTheBitsItWasSavedWith()
    {
        var model = SingleCellModel.Load(new MLContext(), Path.Combine(Fixtures, "pancreas-format1-model.zip"));

        Assert.Equal(1, model.Manifest.FormatVersion);
        AssertPredicts(ReadExpected(), model.Predict("human", PancreasModel.Human));
    }

    [Fact]
    public void Format1Model_LoadsInAFreshProcessWithPlainMlNet_AndPredictsTheSameBits()
    {
        // The stage mappings are internal classes: ML.NET must still find and create them by contract name when a
        // process that never touched them loads an old zip with mlContext.Model.Load alone.
        var folder = TestPaths.NewTempFolder();
        var cellsPath = Path.Combine(folder, "human.h5ad");
        var outPath = Path.Combine(folder, "child.tsv");
        PllmML.Data.DataFiles.WriteCells(PancreasModel.Human, cellsPath);

        SingleCellModelTests.RunChild(Path.Combine(Fixtures, "pancreas-format1-model.zip"), cellsPath, "human", outPath);

        var fields = File.ReadAllLines(outPath).Select(line => line.Split('\t')).ToArray();
        var expected = ReadExpected();
        Assert.Equal(expected.Labels, fields.Select(f => f[0]));
        AssertSameValues(expected.Embedding.SelectMany(row => row), fields.SelectMany(f => Parse(f[1])));
        AssertSameValues(expected.Probabilities.SelectMany(row => row), fields.SelectMany(f => Parse(f[2])));
        Directory.Delete(folder, true);
    }

    [Fact]
    public void Format1Model_PredictsSingleCellsLikeItsBatch()
    {
        var model = SingleCellModel.Load(new MLContext(), Path.Combine(Fixtures, "pancreas-format1-model.zip"));
        var expected = ReadExpected();
        var (rows, _, _) = model.ToRows("human", PancreasModel.Human);

        for (var cell = 0; cell < rows.Length; cell += 7)
        {
            var prediction = model.Predict(rows[cell]);
            Assert.Equal(expected.Labels[cell], prediction.PredictedLabel);
            AssertSameValues(expected.Embedding[cell], prediction.Embedding);
            AssertSameValues(expected.Probabilities[cell], prediction.Probabilities);
        }
    }

    [Fact]
    public void FreshlyFittedModel_IsTheCurrentFormat_AndPredictsNearlyWhatTheFormat1ModelPredicts()
    {
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "model.zip");
        PancreasModel.Model.Save(path);
        var loaded = SingleCellModel.Load(new MLContext(), path);

        Assert.Equal(SingleCellManifest.CurrentFormatVersion, loaded.Manifest.FormatVersion);
        Assert.Equal(3, SingleCellManifest.CurrentFormatVersion);
        var expected = ReadExpected();
        var fresh = PancreasModel.Model.Predict("human", PancreasModel.Human);
        var reloaded = loaded.Predict("human", PancreasModel.Human);
        Assert.Equal(fresh.Labels, reloaded.Labels);
        Assert.Equal(fresh.Embedding, reloaded.Embedding);
        Assert.Equal(fresh.Probabilities, reloaded.Probabilities);
        AssertRefitted(expected, fresh);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void Format2Zip_LoadsUncalibrated_WithoutGeneWeights_AndPredictsTheSameBits()
    {
        // A format-2 zip is a format-3 zip without the annotation entry: rewrite one that way.
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "model.zip");
        PancreasModel.Model.Save(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry(AnnotationReference.EntryName)!.Delete();
            zip.GetEntry(SingleCellManifest.EntryName)!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(SingleCellManifest.EntryName).Open());
            writer.Write((PancreasModel.Model.Manifest with { FormatVersion = 2 }).ToJson());
        }

        var loaded = SingleCellModel.Load(new MLContext(), path);
        var predictions = loaded.Predict("human", PancreasModel.Human);

        Assert.Equal(2, loaded.Manifest.FormatVersion);
        Assert.False(loaded.IsCalibrated);
        Assert.Null(loaded.Reference);
        Assert.Null(predictions.GeneCoverage);
        Assert.All(predictions.CallStatus, status => Assert.Equal(CellPredictions.Uncalibrated, status));
        Assert.Equal(predictions.Labels, predictions.CellTypes);
        var fresh = PancreasModel.Model.Predict("human", PancreasModel.Human);
        Assert.Equal(fresh.Labels, predictions.Labels);
        Assert.Equal(fresh.Embedding, predictions.Embedding);
        Assert.Equal(fresh.Probabilities, predictions.Probabilities);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void Format3Zip_WithoutItsAnnotationEntry_IsRefusedAtLoad_NamingTheEntry()
    {
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "model.zip");
        PancreasModel.Model.Save(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry(AnnotationReference.EntryName)!.Delete();
        }

        var error = Assert.Throws<ModelFormatException>(() => SingleCellModel.Load(new MLContext(), path));

        Assert.Contains(AnnotationReference.EntryName, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void Format2Zip_CarriesNoFormat1Contract()
    {
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "model.zip");
        PancreasModel.Model.Save(path);

        var text = ContractNames(path);
        Assert.Contains("PllmML.SingleCell.StateKey.v1", text, StringComparison.Ordinal);
        Assert.Contains("PllmML.Integration.HarmonyMap.v2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PllmML.Integration.HarmonyMap.v1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PllmML.SingleCell.Project.v1", text, StringComparison.Ordinal);
        Assert.Contains("PllmML.SingleCell.Project.v1", ContractNames(Path.Combine(Fixtures, "pancreas-format1-model.zip")), StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    private static string ContractNames(string path)
    {
        // ML.NET writes each custom mapping's contract name as a UTF-16 string in its Model.key entry.
        using var zip = ZipFile.OpenRead(path);
        var text = new System.Text.StringBuilder();
        foreach (var entry in zip.Entries.Where(e => e.Name == "Model.key"))
        {
            using var stream = entry.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var bytes = memory.ToArray();
            text.Append(System.Text.Encoding.UTF8.GetString(bytes)).Append(System.Text.Encoding.Unicode.GetString(bytes));
        }

        return text.ToString();
    }

    private static void AssertPredicts((string[] Labels, float[][] Embedding, float[][] Probabilities) expected, CellPredictions actual)
    {
        Assert.Equal(expected.Labels, actual.Labels);
        AssertSameValues(expected.Embedding.SelectMany(row => row), actual.Embedding);
        AssertSameValues(expected.Probabilities.SelectMany(row => row), actual.Probabilities);
    }

    /// <summary>
    /// A fit now sums the PCA's covariance in another order than the fit that wrote the fixture (the register-tiled
    /// covariance pass of CovarianceBlocks, on every machine; without AVX-512 other sums differ too, from the first
    /// step), and the iterative stages (Harmony, L-BFGS) carry the rounding on: the model is another fit of the same
    /// data, not the same bits. It must give the same types to the cells (a borderline cell may change) and nearly the
    /// same embedding. The saved format-1 model itself must still predict its bits (the tests above).
    /// </summary>
    private static void AssertRefitted((string[] Labels, float[][] Embedding, float[][] Probabilities) expected, CellPredictions actual)
    {
        // Measured on an AVX2 machine (AMD EPYC, 2026-12-06): embedding within 2.4e-5, 1 of 175 types changed, the
        // classifier's probabilities within 0.14; with the tiled covariance (same machine, 2026-12-07): embedding within
        // 2.2e-5, 2 of 175 types changed, probabilities within 0.051.
        var changed = expected.Labels.Zip(actual.Labels).Count(pair => pair.First != pair.Second);
        Assert.True(changed <= expected.Labels.Length / 50, $"{changed} of {expected.Labels.Length} cells changed type");
        Assert.All(
            expected.Embedding.SelectMany(row => row).Zip(actual.Embedding),
            pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 1e-3f * Math.Max(1f, Math.Abs(pair.First)), $"{pair.First} vs {pair.Second}"));
    }

    /// <summary>
    /// The fixture's bits were written on an AVX-512 machine, where the same bits must come back. With narrower vectors
    /// TensorPrimitives sums in another order, so there the values must agree to float rounding (1e-5).
    /// </summary>
    private static void AssertSameValues(IEnumerable<float> expected, IEnumerable<float> actual)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Assert.Equal(expected, actual);
            return;
        }

        var pairs = expected.Zip(actual).ToArray();
        Assert.Equal(expected.Count(), actual.Count());
        Assert.All(pairs, pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 1e-5f * Math.Max(1f, Math.Abs(pair.First)), $"{pair.First} vs {pair.Second}"));
    }

    private static (string[] Labels, float[][] Embedding, float[][] Probabilities) ReadExpected()
    {
        var lines = File.ReadAllLines(Path.Combine(Fixtures, "pancreas-format1-predictions.tsv")).Where(line => !line.StartsWith('#')).ToArray();
        Assert.Equal(PancreasModel.Human.CellCount, lines.Length);
        var fields = lines.Select(line => line.Split('\t')).ToArray();
        Assert.Equal(PancreasModel.Human.CellNames, fields.Select(f => f[0]));
        return ([.. fields.Select(f => f[1])], [.. fields.Select(f => Bits(f[2]))], [.. fields.Select(f => Bits(f[3]))]);
    }

    private static float[] Parse(string field) =>
        [.. field.Split(',').Select(text => float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture))];

    private static float[] Bits(string field) =>
        [.. field.Split(',').Select(hex => BitConverter.Int32BitsToSingle(int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)))];
}
