using Microsoft.ML;
using PllmML.Data.Orthologs;
using PllmML.Trainers.SingleCell;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.Tests.SingleCell;

public sealed class EstimatorChainTests
{
    [Fact]
    public void CatalogStages_FitAsOneChain_SaveAndLoad_GiveTheSameColumns()
    {
        // The human pancreas cells' first 60 and the mouse cells' first 60, as one ML.NET chain built by hand.
        var model = PancreasModel.Model;
        var mlContext = new MLContext(0);
        var human = PancreasModel.Human.SelectCells([.. Enumerable.Range(0, 60)]);
        var mouse = PancreasModel.Mouse.SelectCells([.. Enumerable.Range(0, 60)]);
        var space = SharedGeneSpace.Build("human",
            new Dictionary<string, IReadOnlyList<string>> { ["human"] = human.GeneNames, ["mouse"] = mouse.GeneNames },
            new Dictionary<string, GenePairTable> { ["mouse"] = PancreasModel.Pairs }, HomologyStrategy.OneToOne);
        var rows = model.ToRows("human", human).Rows.Concat(model.ToRows("mouse", mouse).Rows).ToArray();
        var data = mlContext.Data.LoadFromEnumerable(rows);
        var catalog = mlContext.SingleCell();
        var chain = catalog.Transforms.MapToSharedGenes(space)
            .Append(catalog.Transforms.LogNormalize())
            .Append(catalog.Transforms.SelectVariableGenes(topGenes: 500))
            .Append(catalog.Transforms.ScaleGenes())
            .Append(catalog.Transforms.ProjectToPrincipalComponents(components: 10))
            .Append(catalog.Trainers.IntegrateHarmony());

        var fitted = chain.Fit(data);
        var path = Path.Combine(TestPaths.NewTempFolder(), "chain.zip");
        mlContext.Model.Save(fitted, data.Schema, path);
        var loaded = new MLContext().Model.Load(path, out _);

        Assert.NotNull(fitted.GetOutputSchema(data.Schema).GetColumnOrNull(SingleCellColumns.Embedding));
        var expected = DataViewColumns.ReadMatrix(fitted.Transform(data), SingleCellColumns.Embedding);
        var actual = DataViewColumns.ReadMatrix(loaded.Transform(data), SingleCellColumns.Embedding);
        Assert.Equal((120, 10), (expected.Rows, expected.Columns));
        Assert.Equal(expected.Values, actual.Values);
        Assert.Equal(
            DataViewColumns.ReadMatrix(fitted.Transform(data), SingleCellColumns.Scaled).Values,
            DataViewColumns.ReadMatrix(loaded.Transform(data), SingleCellColumns.Scaled).Values);
    }

    [Fact]
    public void Fit_LeavesTheCallersOptionsUnchanged()
    {
        var human = PancreasModel.Human.SelectCells([.. Enumerable.Range(0, 60)]);
        var mouse = PancreasModel.Mouse.SelectCells([.. Enumerable.Range(0, 60)]);
        var harmony = new PllmML.Trainers.Integration.HarmonyOptions();
        var options = new SingleCellPipelineOptions { Seed = 7, TopGenes = 500, Components = 10, Harmony = harmony };

        var model = SingleCellPipeline.Fit(
            new MLContext(7),
            [new SpeciesData("human", human), new SpeciesData("mouse", mouse, LabelKey: "cell_type")],
            new Dictionary<string, GenePairTable> { ["mouse"] = PancreasModel.Pairs },
            options);

        // Fitting used seed 7 for Harmony and trained on the labelled species, without writing either into the options.
        Assert.Equal(["mouse"], model.Manifest.TrainSpecies);
        Assert.Equal("7", model.Manifest.Parameters["seed"]);
        Assert.Same(harmony, options.Harmony);
        Assert.Equal(0, harmony.Seed);
        Assert.Null(options.TrainSpecies);
    }

    [Fact]
    public void Fit_TwiceWithTheSameSeed_GivesIdenticalPredictions()
    {
        var again = PancreasModel.Fit(PancreasModel.Human, PancreasModel.Mouse, seed: 0);
        var first = PancreasModel.Model.Predict("human", PancreasModel.Human);
        var second = again.Predict("human", PancreasModel.Human);
        Assert.Equal(first.Embedding, second.Embedding);
        Assert.Equal(first.Probabilities, second.Probabilities);
        Assert.Equal(PancreasModel.Model.Manifest.GeneListHash, again.Manifest.GeneListHash);
    }
}
