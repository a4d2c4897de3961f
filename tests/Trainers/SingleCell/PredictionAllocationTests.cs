using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Trainers.SingleCell;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.Tests.SingleCell;

/// <summary>Runs alone: the batch test reads the process-wide allocation counter (ML.NET may cursor on other threads).</summary>
[CollectionDefinition(nameof(AllocationMeasurements), DisableParallelization = true)]
public sealed class AllocationMeasurements;

/// <summary>
/// Prediction allocates in proportion to the cell (its counts and its prediction), not to the model's per-species
/// state. The bound is ten times the cell's input + output bytes: a sparse count is 8 bytes (value + index), an output
/// float 4. Copying a stage's state per cell (format 1: the PCA loadings alone are components × genes floats) is far
/// above it.
/// </summary>
[Collection(nameof(AllocationMeasurements))]
public sealed class PredictionAllocationTests
{
    private const int Factor = 10;

    [Fact]
    public void PredictCell_AllocatesLessThanTenTimesTheCellsInputAndOutput()
    {
        var (perCell, bound) = SingleCellAllocation(PancreasModel.Model);

        Assert.True(perCell < bound, $"{perCell:F0} bytes per predicted cell; bound {bound:F0}");
        Assert.True(StateBytes(PancreasModel.Model) > bound, "one copy of the PCA state must exceed the bound, or the test could not fail");
    }

    [Fact]
    public void Format1Model_PredictCell_CopiesTheStatePerCell_WhichTheBoundCatches()
    {
        // The measurement is able to fail: the format-1 zip (state looked up for every row) is far above the bound.
        var format1 = SingleCellModel.Load(new MLContext(), Path.Combine(TestPaths.RepositoryRoot, "tests", "Trainers", "SingleCell", "fixtures", "pancreas-format1-model.zip"));

        var (perCell, bound) = SingleCellAllocation(format1);

        Assert.True(perCell > bound, $"{perCell:F0} bytes per predicted cell; bound {bound:F0}");
        Assert.True(perCell > StateBytes(PancreasModel.Model), $"{perCell:F0} bytes per predicted cell");
    }

    [Fact]
    public void PredictBatch_EachFurtherCellAllocatesLessThanTenTimesItsInputAndOutput()
    {
        // The marginal cost of N more cells (the same N cells twice against once) leaves out the per-batch set-up.
        var model = PancreasModel.Model;
        var cells = 80;
        var once = PancreasModel.Human.SelectCells([.. Enumerable.Range(0, cells)]);
        var twice = PancreasModel.Human.SelectCells([.. Enumerable.Range(0, cells), .. Enumerable.Range(0, cells)]);
        model.Predict("human", once);
        model.Predict("human", twice);

        var onceBytes = AllocatedBy(() => model.Predict("human", once));
        var twiceBytes = AllocatedBy(() => model.Predict("human", twice));

        var perCell = (twiceBytes - onceBytes) / (double)cells;
        var (rows, _, _) = model.ToRows("human", once);
        var bound = Factor * rows.Average(row => CellBytes(model, row.Counts.GetValues().Length));
        Assert.True(perCell < bound, $"{perCell:F0} bytes per further predicted cell; bound {bound:F0}");
    }

    [Fact]
    public void PredictBatch_MixedSpeciesThroughTheChain_EqualsSingleCellPredictions()
    {
        // Interleaved species: each cursor's per-species state must follow the species of every row.
        var model = PancreasModel.Model;
        var human = model.ToRows("human", PancreasModel.Human).Rows;
        var mouse = model.ToRows("mouse", PancreasModel.Mouse).Rows;
        var rows = Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? mouse[i] : human[i]).ToArray();
        var mlContext = new MLContext();

        var batch = mlContext.Data.CreateEnumerable<CellPrediction>(model.Chain.Transform(mlContext.Data.LoadFromEnumerable(rows)), reuseRowObject: false).ToArray();

        for (var cell = 0; cell < rows.Length; cell++)
        {
            var single = model.Predict(rows[cell]);
            Assert.Equal(single.Embedding, batch[cell].Embedding);
            Assert.Equal(single.Probabilities, batch[cell].Probabilities);
            Assert.Equal(single.PredictedLabel, batch[cell].PredictedLabel);
        }
    }

    [Fact]
    public void PredictBatch_EqualsSingleCellPredictions()
    {
        var model = PancreasModel.Model;
        var batch = model.Predict("human", PancreasModel.Human);
        var (rows, _, _) = model.ToRows("human", PancreasModel.Human);
        var d = batch.Dimensions;
        var k = batch.Classes.Count;

        for (var cell = 0; cell < rows.Length; cell++)
        {
            var single = model.Predict(rows[cell]);
            Assert.Equal(batch.Labels[cell], single.PredictedLabel);
            Assert.Equal(batch.Embedding.AsSpan(cell * d, d).ToArray(), single.Embedding);
            Assert.Equal(batch.Probabilities.AsSpan(cell * k, k).ToArray(), single.Probabilities);
        }
    }

    [Fact]
    public void PredictBatch_UnknownSpeciesAfterKnownOnes_IsNamed()
    {
        var model = PancreasModel.Model;
        var rows = model.ToRows("human", PancreasModel.Human).Rows.Take(3).Append(new CellRow { Species = "zebrafish", Counts = default }).ToArray();
        var mlContext = new MLContext();

        var error = Assert.ThrowsAny<Exception>(() =>
            mlContext.Data.CreateEnumerable<CellPrediction>(model.Chain.Transform(mlContext.Data.LoadFromEnumerable(rows)), reuseRowObject: false).ToArray());
        Assert.Contains("'zebrafish' is not in the model", error.ToString(), StringComparison.Ordinal);
    }

    private static (double PerCell, double Bound) SingleCellAllocation(SingleCellModel model)
    {
        var (rows, _, _) = model.ToRows("human", PancreasModel.Human);
        model.Predict(rows[0]);
        model.Predict(model.ToRows("mouse", PancreasModel.Mouse).Rows[0]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var row in rows)
        {
            model.Predict(row);
        }

        var perCell = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)rows.Length;
        return (perCell, Factor * rows.Average(row => CellBytes(model, row.Counts.GetValues().Length)));
    }

    private static long AllocatedBy(Action action)
    {
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        action();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    private static double CellBytes(SingleCellModel model, int storedCounts) =>
        (storedCounts * 8.0) + ((model.Manifest.EmbeddingDimensions + model.Manifest.Labels.Count) * 4.0);

    private static double StateBytes(SingleCellModel model) =>
        4.0 * ((TransformerChain<ITransformer>)model.Chain).OfType<PrincipalComponentsTransformer>().Single().Components.Components.Length;
}
