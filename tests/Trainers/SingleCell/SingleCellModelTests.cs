using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Trainers.SingleCell;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.Tests.SingleCell;

public sealed class SingleCellModelTests
{
    [Fact]
    public void SaveThenLoadInAnotherProcess_ReproducesPredictionsExactly()
    {
        var folder = TestPaths.NewTempFolder();
        var modelPath = Path.Combine(folder, "model.zip");
        var cellsPath = Path.Combine(folder, "human.h5ad");
        var outPath = Path.Combine(folder, "child.tsv");
        PancreasModel.Model.Save(modelPath);
        DataFiles.WriteCells(PancreasModel.Human, cellsPath);

        RunChild(modelPath, cellsPath, "human", outPath);

        var expected = Format(PancreasModel.Model, PancreasModel.Human);
        Assert.Equal(expected, File.ReadAllLines(outPath));
        Directory.Delete(folder, true);
    }

    [Fact]
    public void Load_ChecksManifest_AndPredictsLikeTheFittedModel()
    {
        var folder = TestPaths.NewTempFolder();
        var modelPath = Path.Combine(folder, "model.zip");
        PancreasModel.Model.Save(modelPath);

        var loaded = SingleCellModel.Load(new MLContext(), modelPath);

        Assert.Equal(PancreasModel.Model.Manifest.GeneListHash, loaded.Manifest.GeneListHash);
        Assert.Equal(["human", "mouse"], loaded.Manifest.Species.Select(s => s.Name));
        Assert.Equal("OneToOne", loaded.Manifest.HomologyStrategy);
        var fitted = PancreasModel.Model.Predict("human", PancreasModel.Human);
        var again = loaded.Predict("human", PancreasModel.Human);
        Assert.Equal(fitted.Embedding, again.Embedding);
        Assert.Equal(fitted.Probabilities, again.Probabilities);
        Assert.Equal(fitted.Labels, again.Labels);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void PredictCell_InParallel_EqualsSequential()
    {
        var model = PancreasModel.Model;
        var (rows, _, _) = model.ToRows("human", PancreasModel.Human);
        var sequential = rows.Select(model.Predict).ToArray();
        var parallel = new CellPrediction[rows.Length];
        Parallel.For(0, rows.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i % rows.Length] = model.Predict(rows[i % rows.Length]));

        for (var cell = 0; cell < rows.Length; cell++)
        {
            Assert.Equal(sequential[cell].Embedding, parallel[cell].Embedding);
            Assert.Equal(sequential[cell].Probabilities, parallel[cell].Probabilities);
            Assert.Equal(sequential[cell].PredictedLabel, parallel[cell].PredictedLabel);
        }

        var batch = model.Predict("human", PancreasModel.Human);
        Assert.Equal(batch.Labels, sequential.Select(p => p.PredictedLabel));
        Assert.Equal(batch.Embedding, sequential.SelectMany(p => p.Embedding));
    }

    [Fact]
    public void Predict_BlocksOnSeveralThreads_EqualsOneThread()
    {
        // 1,400 cells: two blocks of 1,024, so the threads share the batch.
        var model = PancreasModel.Model;
        var cells = PancreasModel.Mouse.SelectCells([.. Enumerable.Range(0, 1400).Select(cell => cell % PancreasModel.Mouse.CellCount)]);
        var one = model.Predict("mouse", cells, new PredictionOptions { MaxThreads = 1 });
        var several = model.Predict("mouse", cells, new PredictionOptions { MaxThreads = 4 });
        Assert.Equal(one.Embedding, several.Embedding);
        Assert.Equal(one.Probabilities, several.Probabilities);
        Assert.Equal(one.Labels, several.Labels);
        Assert.Equal(one.CellTypes, several.CellTypes);
        Assert.Equal(one.CallStatus, several.CallStatus);
        Assert.Equal(one.Confidence, several.Confidence);
        Assert.Equal(one.MappingDistances, several.MappingDistances);
        Assert.Contains("beta", one.CellTypes);
    }

    [Fact]
    public void Predict_UnknownSpecies_NamesTheModelsSpecies()
    {
        var error = Assert.Throws<UnknownSpeciesException>(() => PancreasModel.Model.Predict("zebrafish", PancreasModel.Human));
        Assert.Contains("'zebrafish' is not in the model", error.Message, StringComparison.Ordinal);
        Assert.Contains("'human', 'mouse'", error.Message, StringComparison.Ordinal);
        Assert.Throws<UnknownSpeciesException>(() => PancreasModel.Model.Predict(new CellRow { Species = "zebrafish" }));
    }

    [Fact]
    public void Predict_TooLittleOfTheLoadingMass_ReportsCoverage()
    {
        // Format 3 judges a query by the variable genes' loading mass (default minimum 10 %), not by the share of model genes.
        var human = PancreasModel.Human;
        var few = human.SelectGenes([.. Enumerable.Range(0, human.GeneCount / 20)]);
        var error = Assert.Throws<GeneOverlapException>(() => PancreasModel.Model.Predict("human", few));
        Assert.Contains("at least 10 %", error.Message, StringComparison.Ordinal);
        Assert.Contains("PCA loading mass", error.Message, StringComparison.Ordinal);
        Assert.True(error.Coverage!.LoadingShare < 0.1);
        Assert.True(error.Found < error.ModelGenes / 10);
    }

    [Fact]
    public void Fit_WithoutLabels_IsRefused()
    {
        var human = PancreasModel.Human;
        var mouse = PancreasModel.Mouse;
        var error = Assert.Throws<MissingLabelsException>(() => SingleCellPipeline.Fit(
            new MLContext(0), [new SpeciesData("human", human), new SpeciesData("mouse", mouse, LabelKey: "celltype", Source: "mouse.h5ad")],
            new Dictionary<string, GenePairTable> { ["mouse"] = PancreasModel.Pairs }, new SingleCellPipelineOptions { TrainSpecies = ["mouse"] }));
        Assert.Contains("mouse.h5ad: no label column 'celltype'", error.Message, StringComparison.Ordinal);
        Assert.Contains("cell_type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OtherFormatVersion_IsRefused()
    {
        var folder = TestPaths.NewTempFolder();
        var modelPath = Path.Combine(folder, "model.zip");
        PancreasModel.Model.Save(modelPath);
        using (var zip = ZipFile.Open(modelPath, ZipArchiveMode.Update))
        {
            zip.GetEntry(SingleCellManifest.EntryName)!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(SingleCellManifest.EntryName).Open());
            writer.Write((PancreasModel.Model.Manifest with { FormatVersion = SingleCellManifest.CurrentFormatVersion + 1, LibraryVersion = "9.0.0" }).ToJson());
        }

        var error = Assert.Throws<ModelVersionException>(() => SingleCellModel.Load(new MLContext(), modelPath));
        Assert.Contains($"model format version {SingleCellManifest.CurrentFormatVersion + 1} (written by PllmML 9.0.0)", error.Message, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void Load_ZipWithoutManifest_IsRefused()
    {
        var folder = TestPaths.NewTempFolder();
        var modelPath = Path.Combine(folder, "plain.zip");
        var mlContext = new MLContext();
        var data = mlContext.Data.LoadFromEnumerable(new[] { new CellRow { Species = "x", Counts = new VBuffer<float>(1, [1f]) } });
        mlContext.Model.Save(mlContext.Transforms.CopyColumns("Copy", "Species").Fit(data), data.Schema, modelPath);

        var error = Assert.Throws<ModelVersionException>(() => SingleCellModel.Load(mlContext, modelPath));
        Assert.Contains("not a PllmML single-cell model", error.Message, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    internal static string[] Format(SingleCellModel model, CellMatrix cells)
    {
        var predictions = model.Predict("human", cells);
        var classes = predictions.Classes.Count;
        return [.. Enumerable.Range(0, predictions.CellCount).Select(cell => string.Join('\t', [
            predictions.Labels[cell],
            string.Join(',', predictions.Embedding.AsSpan(cell * predictions.Dimensions, predictions.Dimensions).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
            string.Join(',', predictions.Probabilities.AsSpan(cell * classes, classes).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)))]))];
    }

    internal static void RunChild(params string[] arguments)
    {
        var child = Path.Combine(AppContext.BaseDirectory, "PllmML.ModelLoadChild.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(child);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"child failed ({process.ExitCode}):\n{output}\n{error.Result}");
    }
}
