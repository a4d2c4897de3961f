using System.Globalization;
using System.Text.RegularExpressions;
using PllmML.Data;
using PllmML.Esm.Embedding;
using PllmML.Pipeline;
using PllmML.Pipeline.Configuration;
using PllmML.Trainers.SingleCell;

namespace PllmML.Cli.Tests;

/// <summary>The whole method as one .NET call (<see cref="PllmRun.Execute"/>), with no command line in between.</summary>
public class PllmRunLibraryTests
{
    [Fact]
    public void Execute_FromATypedConfiguration_RunsFitPredictEvaluate_AndReportsEachStage()
    {
        var folder = TestPaths.NewTempFolder();
        var config = new RunConfiguration
        {
            Inputs =
            [
                new InputConfiguration { Path = TestPaths.Bundled("pancreas", "human.h5ad"), Species = "human", LabelKey = "cell_type" },
                new InputConfiguration { Path = TestPaths.Bundled("pancreas", "mouse.h5ad"), Species = "mouse", LabelKey = "cell_type" },
            ],
            Homology = new HomologyConfiguration { Path = TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv"), ReferenceSpecies = "human" },
            TrainSpecies = ["mouse"],
            KeepLabels = ["alpha", "beta", "delta", "macrophage", "stellate"],
            Evaluation = new EvaluationConfiguration { Pictures = false },
        };
        var observer = new Recorder();

        var result = PllmRun.Execute(config, "in-code", Path.Combine(folder, "out"), observer);

        Assert.Equal(["fit", "predict", "evaluate"], result.Stages.Select(stage => stage.Stage));
        Assert.Equal(["fit", "predict", "evaluate"], observer.Started);
        Assert.Equal(result.Stages, observer.Finished);
        Assert.False(result.EmbeddedProteins);
        // The last digit moves with the CPU's vector width (AVX2 92.0 %, AVX-512 91.4 %): one held-out cell of 175.
        var accuracy = Regex.Match(result.Stages[1].Figure, @"human \(held out\) accuracy (\d+\.\d) %");
        Assert.True(accuracy.Success, result.Stages[1].Figure);
        Assert.InRange(double.Parse(accuracy.Groups[1].Value, CultureInfo.InvariantCulture), 90.0, 94.0);
        var cells = DataFiles.ReadCells(result.Output.Integrated).Data;
        Assert.Equal(662, cells.CellCount);
        Assert.Equal((662, 50), (cells.Obsm[OutputKeys.IntegratedEmbedding].RowCount, cells.Obsm[OutputKeys.BaselineEmbedding].ColumnCount));
        Assert.True(File.Exists(result.Output.Metrics));
        Directory.Delete(folder, true);
    }

    [Fact]
    public void Execute_AnInvalidTypedConfiguration_ThrowsNamingTheField()
    {
        var config = new RunConfiguration
        {
            Inputs = [new InputConfiguration { Path = TestPaths.Bundled("pancreas", "human.h5ad"), Species = "human" }],
        };

        var error = Assert.Throws<RunConfigurationException>(() => PllmRun.Execute(config, "in-code", TestPaths.NewTempFolder()));

        Assert.Equal("inputs", error.Field);
        Assert.StartsWith("in-code, inputs: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IntegrationFit_NoInputs_ThrowsNamingTheInputsField()
    {
        var error = Assert.Throws<RunConfigurationException>(() => IntegrationFit.Fit(new RunConfiguration()));

        Assert.Equal("inputs", error.Field);
        Assert.Contains("no inputs", error.Message, StringComparison.Ordinal);
    }

    private sealed class Recorder : IRunObserver
    {
        public List<string> Started { get; } = [];

        public List<StageReport> Finished { get; } = [];

        public void StageStarting(string stage) => Started.Add(stage);

        public void StageFinished(StageReport report) => Finished.Add(report);

        public void Warning(string message)
        {
        }

        public void Embedding(EmbeddingProgress progress)
        {
        }
    }
}
