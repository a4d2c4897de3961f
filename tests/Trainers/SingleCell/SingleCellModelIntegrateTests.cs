using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Data;
using PllmML.Trainers.SingleCell;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.Tests.SingleCell;

/// <summary><see cref="SingleCellModel.Transform(string, CellMatrix)"/>, <see cref="SingleCellModel.Integrate(IReadOnlyList{SpeciesData}, string)"/> and <see cref="SingleCellModel.Annotate(string, CellMatrix, CellMatrix?)"/> on the pancreas model.</summary>
public sealed class SingleCellModelIntegrateTests
{
    [Fact]
    public void Transform_OnePass_EqualsTheChainsDataViewAndPredict_BitForBit()
    {
        var model = PancreasModel.Model;
        var human = PancreasModel.Human;

        var once = model.Transform("human", human);

        var transformed = model.Chain.Transform(new MLContext().Data.LoadFromEnumerable(model.ToRows("human", human).Rows));
        var pca = transformed.GetColumn<VBuffer<float>>(SingleCellColumns.Pca).Select(row => row.DenseValues().ToArray()).ToArray();
        var shared = transformed.GetColumn<VBuffer<float>>(SingleCellColumns.SharedCounts).Select(row => row.DenseValues().ToArray()).ToArray();
        var predicted = model.Predict("human", human);
        Assert.Equal((175, 50), (once.Pca.RowCount, once.Pca.ColumnCount));
        Assert.Equal(pca.SelectMany(row => row), once.Pca.Values);
        Assert.Equal(shared.Length, once.SharedCounts.RowCount);
        for (var cell = 0; cell < shared.Length; cell++)
        {
            var row = new float[once.SharedCounts.ColumnCount];
            for (var k = once.SharedCounts.RowPointers[cell]; k < once.SharedCounts.RowPointers[cell + 1]; k++)
            {
                row[once.SharedCounts.ColumnIndices[k]] = once.SharedCounts.Values[k];
            }

            Assert.Equal(shared[cell], row);
        }

        Assert.Equal(predicted.Embedding, once.Predictions.Embedding);
        Assert.Equal(predicted.Probabilities, once.Predictions.Probabilities);
        Assert.Equal(predicted.Labels, once.Predictions.Labels);
    }

    [Fact]
    public void Integrate_EveryCellOfBothSpecies_LabelsUnderTheGivenKey()
    {
        var model = PancreasModel.Model;
        var (human, mouse) = (PancreasModel.Human, PancreasModel.Mouse);

        var cells = model.Integrate([new SpeciesData("human", human, LabelKey: "cell_type"), new SpeciesData("mouse", mouse, LabelKey: "cell_type")], "annotation");

        Assert.Equal(662, cells.CellCount);
        Assert.Equal(model.Manifest.SharedFeatures, cells.GeneCount);
        Assert.Equal([OutputKeys.Species, "annotation", OutputKeys.PredictedCellType, OutputKeys.BestCellType], cells.Obs.ColumnNames.Take(4));
        Assert.Subset(cells.Obs.ColumnNames.ToHashSet(), new HashSet<string> { OutputKeys.CallStatus, OutputKeys.MappingDistance, OutputKeys.Probability });
        Assert.Equal($"mouse:{mouse.CellNames[0]}", cells.CellNames[175]);
        Assert.Equal(mouse.Obs["cell_type"].FormatValue(0), cells.Obs["annotation"].FormatValue(175));
        var humanOnce = model.Transform("human", human);
        Assert.Equal(humanOnce.Pca.Values, cells.Obsm[OutputKeys.BaselineEmbedding].Values.AsSpan(0, 175 * 50).ToArray());
        Assert.Equal(humanOnce.Predictions.Embedding, cells.Obsm[OutputKeys.IntegratedEmbedding].Values.AsSpan(0, 175 * 50).ToArray());
        var mouseOnce = model.Transform("mouse", mouse);
        Assert.Equal(humanOnce.SharedCounts.Values.Sum(v => (double)v) + mouseOnce.SharedCounts.Values.Sum(v => (double)v), cells.X.Sum(), 6);
    }

    [Fact]
    public void Transform_CellsInSeveralBlocks_EachCellAsWhenAlone()
    {
        // 7 × 175 = 1,225 cells: the aligned rows are built a block of 1,024 cells at a time, and a copy straddles the
        // boundary. Each copy gives what the 175 cells give alone, and the calls (standardised over the batch, whose
        // median is that of one copy) too.
        var model = PancreasModel.Model;
        var human = PancreasModel.Human;
        var n = human.CellCount;
        var repeated = human.SelectCells([.. Enumerable.Range(0, 7).SelectMany(_ => Enumerable.Range(0, n))]);

        var once = model.Transform("human", human);
        var blocks = model.Transform("human", repeated);

        var (d, components) = (once.Predictions.Dimensions, once.Pca.ColumnCount);
        for (var copy = 0; copy < 7; copy++)
        {
            Assert.Equal(once.Predictions.Embedding, blocks.Predictions.Embedding.AsSpan(copy * n * d, n * d).ToArray());
            Assert.Equal(once.Pca.Values, blocks.Pca.Values.AsSpan(copy * n * components, n * components).ToArray());
            Assert.Equal(once.Predictions.Labels, blocks.Predictions.Labels.AsSpan(copy * n, n).ToArray());
            Assert.Equal(once.Predictions.CellTypes, blocks.Predictions.CellTypes.AsSpan(copy * n, n).ToArray());
            Assert.Equal(once.Predictions.MappingDistances, blocks.Predictions.MappingDistances.AsSpan(copy * n, n).ToArray());
            Assert.Equal(once.SharedCounts.Values, blocks.SharedCounts.Values.AsSpan(copy * once.SharedCounts.StoredCount, once.SharedCounts.StoredCount).ToArray());
            Assert.Equal(once.SharedCounts.ColumnIndices, blocks.SharedCounts.ColumnIndices.AsSpan(copy * once.SharedCounts.StoredCount, once.SharedCounts.StoredCount).ToArray());
        }
    }

    [Fact]
    public void Transform_BlocksOnSeveralThreads_EqualsOneThread()
    {
        // 2,500 cells: three blocks; the shared counts must reach the sink in cell order whichever block ends first.
        var model = PancreasModel.Model;
        var cells = PancreasModel.Mouse.SelectCells([.. Enumerable.Range(0, 2500).Select(cell => (cell * 7) % PancreasModel.Mouse.CellCount)]);
        var one = model.Transform("mouse", cells, new PredictionOptions { MaxThreads = 1 });
        var several = model.Transform("mouse", cells, new PredictionOptions { MaxThreads = 4 });
        Assert.Equal(one.SharedCounts.RowPointers, several.SharedCounts.RowPointers);
        Assert.Equal(one.SharedCounts.ColumnIndices, several.SharedCounts.ColumnIndices);
        Assert.Equal(one.SharedCounts.Values, several.SharedCounts.Values);
        Assert.Equal(one.Pca.Values, several.Pca.Values);
        Assert.Equal(one.Predictions.Embedding, several.Predictions.Embedding);
        Assert.Equal(one.Predictions.CellTypes, several.Predictions.CellTypes);
    }

    [Fact]
    public void Integrate_IntoASpool_TheSameRowsAndAnnotationsAsInMemory()
    {
        var model = PancreasModel.Model;
        SpeciesData[] inputs = [new("human", PancreasModel.Human, LabelKey: "cell_type"), new("mouse", PancreasModel.Mouse, LabelKey: "cell_type")];
        var inMemory = model.Integrate(inputs, "annotation");

        using var spool = new CsrRowSpool(model.Manifest.SharedFeatures, Path.Combine(Path.GetTempPath(), "pllm-tests", Guid.NewGuid().ToString("N")));
        var withoutX = model.Integrate(inputs, "annotation", spool);

        Assert.False(withoutX.HasX);
        Assert.Equal(inMemory.CellNames, withoutX.CellNames);
        Assert.Equal(inMemory.Obs.ColumnNames, withoutX.Obs.ColumnNames);
        Assert.All(inMemory.Obs.ColumnNames, name => Assert.Equal(
            Enumerable.Range(0, inMemory.CellCount).Select(inMemory.Obs[name].FormatValue), Enumerable.Range(0, inMemory.CellCount).Select(withoutX.Obs[name].FormatValue)));
        Assert.Equal(inMemory.Obsm[OutputKeys.IntegratedEmbedding].Values, withoutX.Obsm[OutputKeys.IntegratedEmbedding].Values);
        Assert.Equal(inMemory.Obsm[OutputKeys.BaselineEmbedding].Values, withoutX.Obsm[OutputKeys.BaselineEmbedding].Values);
        Assert.Equal(inMemory.X.RowPointers.Select(pointer => (long)pointer), spool.RowPointers);
        var spooled = spool.ReadBlocks(4096).SelectMany(block => block.Indices.Zip(block.Values).ToArray()).ToList();
        Assert.Equal(inMemory.X.ColumnIndices.Zip(inMemory.X.Values), spooled);
    }

    [Fact]
    public void Annotate_WritesTheOutputKeys_ProbabilityIsTheBestClass()
    {
        var model = PancreasModel.Model;
        var human = PancreasModel.Human.SelectCells([.. Enumerable.Range(0, 40)]);

        var predictions = model.Annotate("human", human);

        Assert.Equal((40, 50), (human.Obsm[OutputKeys.IntegratedEmbedding].RowCount, human.Obsm[OutputKeys.IntegratedEmbedding].ColumnCount));
        Assert.Equal(predictions.CellTypes, Enumerable.Range(0, 40).Select(cell => human.Obs[OutputKeys.PredictedCellType].FormatValue(cell)));
        Assert.Equal(predictions.Labels, Enumerable.Range(0, 40).Select(cell => human.Obs[OutputKeys.BestCellType].FormatValue(cell)));
        Assert.All(Enumerable.Range(0, 40), cell => Assert.True(predictions.CellTypes[cell] == predictions.Labels[cell] || predictions.CellTypes[cell] == CellPredictions.Unknown
            || predictions.PredictionSets[cell].Contains(predictions.CellTypes[cell])));
        var best = (NumericColumn)human.Obs[OutputKeys.Probability];
        for (var cell = 0; cell < 40; cell++)
        {
            var perType = PancreasModel.CommonTypes.Select(type => ((NumericColumn)human.Obs[OutputKeys.ProbabilityPrefix + type]).Values[cell]).ToArray();
            Assert.Equal(perType.Max(), best.Values[cell]);
            Assert.Equal(PancreasModel.CommonTypes[Array.IndexOf(perType, perType.Max())], predictions.Labels[cell]);
        }
    }
}
