using PllmML.Data;

namespace PllmML.Evaluation.Tests;

/// <summary>Abstention scores against values counted by hand.</summary>
public sealed class AbstentionTests
{
    [Fact]
    public void Score_CountsUnknownRates_KeptAccuracy_Auroc_AndReliability()
    {
        // Six cells: alpha and beta were trained on, delta was not.
        string[] truth = ["alpha", "alpha", "beta", "beta", "delta", "delta"];
        string[] calls = ["alpha", "unknown", "beta", "alpha", "unknown", "beta"];
        string[] best = ["alpha", "alpha", "beta", "alpha", "beta", "beta"];
        double[] confidence = [0.95, 0.55, 0.85, 0.75, 0.6, 0.9];

        var result = Abstention.Score(new AnnotationCalls(truth, calls, confidence, best, new HashSet<string> { "alpha", "beta" }));

        Assert.Equal(0.5, result.UnknownRateByType["alpha"]);
        Assert.Equal(0.0, result.UnknownRateByType["beta"]);
        Assert.Equal(0.5, result.UnknownRateByType["delta"]);
        Assert.Equal(4, result.SeenTypeCells);
        Assert.Equal(0.25, result.SeenFlagged);
        Assert.Equal(2.0 / 3, result.KnownTypeAccuracy, 12);
        Assert.Equal(0.5, result.UnseenUnknown);
        // Seen confidences 0.95, 0.55, 0.85, 0.75 against unseen 0.6, 0.9: pairs won 1+1, 0+0, 1+0, 1+0 → 4 of 8.
        Assert.Equal(0.5, result.SeenVsUnseenAuroc, 12);
        Assert.Equal(10, result.Reliability.Count);
        var top = result.Reliability[9];
        Assert.Equal((1, 0.95, 1.0), (top.Cells, top.MeanConfidence, top.Accuracy));
        // Bins 0.5–0.6: 0.55 right; 0.7–0.8: 0.75 wrong; 0.8–0.9: 0.85 right; 0.9–1: 0.95 right.
        Assert.Equal(((0.45 + 0.75 + 0.15 + 0.05) / 4), result.ExpectedCalibrationError, 12);
        Assert.True(double.IsNaN(result.Reliability[0].Accuracy));
    }

    [Fact]
    public void FromCells_ReadsTheQueryBatchsCalls_AndTakesTrainedTypesFromTheTrainedBatch()
    {
        var obs = new AnnotationTable(["m1", "m2", "h1", "h2", "h3"]);
        obs.Set("cell_type", CategoricalColumn.FromValues(["alpha", "beta", "alpha", "delta", "beta"]));
        obs.Set("species", CategoricalColumn.FromValues(["mouse", "mouse", "human", "human", "human"]));
        obs.Set("pllm_cell_type", CategoricalColumn.FromValues(["alpha", "beta", "alpha", "unknown", "alpha"]));
        obs.Set("pllm_best_cell_type", CategoricalColumn.FromValues(["alpha", "beta", "alpha", "beta", "alpha"]));
        obs.Set("pllm_confidence", new NumericColumn([0.9, 0.8, 0.7, 0.6, 0.5], NumericType.Float32));
        var cells = new CellMatrix(new CsrMatrix(5, 1, [0, 0, 0, 0, 0, 0], [], []), obs, new AnnotationTable(["g"]));

        var calls = AnnotationCalls.FromCells(cells, "cell_type", "species", ["mouse"])!;
        var without = AnnotationCalls.FromCells(new CellMatrix(cells.X, new AnnotationTable(["a", "b", "c", "d", "e"]), cells.Var), "cell_type", "species", ["mouse"]);

        Assert.Equal(["alpha", "delta", "beta"], calls.Truth);
        Assert.Equal(["alpha", "unknown", "alpha"], calls.Calls);
        Assert.Equal(0.6, calls.Confidence[1], 6);
        Assert.Equal(new HashSet<string> { "alpha", "beta" }, calls.TrainedTypes);
        Assert.Null(without);
    }
}
