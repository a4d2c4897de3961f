using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Homology.Comparison;

namespace PllmML.Evaluation.Tests;

public class ClassifierTransferTests
{
    [Fact]
    public void ScoreClassifier_ScoresEveryBatchTheClassifierWasNotTrainedOn()
    {
        var cells = Cells(["a", "b", "a", "a", "b", "b"], ["a", "b", "a", "a", "a", "b"]);
        var input = EvaluationInput.FromCells(cells, "X", "cell_type", "species", "cells.h5ad");
        var predictions = ClassifierPredictions.FromCells(cells, "predicted", ["mouse"], "cells.h5ad");

        var result = Assert.Single(LabelTransfer.ScoreClassifier(input, predictions));

        // Human truth a, b, b; predicted a, a, b: 2 of 3 right; recall a 1, b 1/2; F1 a 2/3, b 2/3.
        Assert.Equal(("mouse", "human", 0), (result.ReferenceBatch, result.QueryBatch, result.NeighborCount));
        Assert.Equal(2.0 / 3, result.Accuracy, 12);
        Assert.Equal(0.75, result.BalancedAccuracy, 12);
        Assert.Equal(2.0 / 3, result.MacroF1, 12);
    }

    [Fact]
    public void ScoreClassifier_APredictedTypeTheAnnotationsDoNotUse_CountsAsWrong()
    {
        var cells = Cells(["a", "b", "a", "a", "b", "b"], ["a", "b", "a", "c", "b", "b"]);
        var input = EvaluationInput.FromCells(cells, "X", "cell_type", "species", "cells.h5ad");

        var result = Assert.Single(LabelTransfer.ScoreClassifier(input, ClassifierPredictions.FromCells(cells, "predicted", ["mouse"], "cells.h5ad")));

        Assert.Equal(2.0 / 3, result.Accuracy, 12);
        Assert.Equal(0.0, result.RecallPerType["a"]);
    }

    [Fact]
    public void Evaluator_WithClassifierPredictions_ReportsThemBesideKnn()
    {
        var cells = Cells(["a", "b", "a", "a", "b", "b"], ["a", "b", "a", "a", "a", "b"]);
        var request = new EvaluationRequest(EvaluationInput.FromCells(cells, "X", "cell_type", "species", "cells.h5ad"))
        {
            DrawPictures = false,
            TransferNeighborCount = 1,
            Classifier = ClassifierPredictions.FromCells(cells, "predicted", ["mouse"], "cells.h5ad"),
        };

        var result = Evaluator.Run(request);
        var json = EvaluationJson.ToJson(result).ToJsonString();

        Assert.Single(result.ClassifierTransfers);
        Assert.Contains("\"classifier_label_transfer\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_GeneMapWithNothingComparable_WritesNullNotNaN()
    {
        var cells = Cells(["a", "b", "a", "a", "b", "b"], ["a", "b", "a", "a", "a", "b"]);
        var disjoint = MappingComparison.Compare(
            new GenePairTable("human", "mouse", [new("NEW1", "New1", 0.3)]),
            new GenePairTable("human", "mouse", [new("INS", "Ins1")]));
        var request = new EvaluationRequest(EvaluationInput.FromCells(cells, "X", "cell_type", "species", "cells.h5ad"))
        {
            DrawPictures = false,
            TransferNeighborCount = 1,
            GeneMap = disjoint,
        };

        var json = EvaluationJson.ToJson(Evaluator.Run(request)).ToJsonString();

        Assert.True(double.IsNaN(disjoint.Agreement));
        Assert.Contains("\"agreement\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"precision\":0", json, StringComparison.Ordinal);
    }

    private static CellMatrix Cells(string[] types, string[] predicted)
    {
        var obs = new AnnotationTable([.. Enumerable.Range(0, types.Length).Select(i => $"cell{i}")]);
        obs.Set("species", CategoricalColumn.FromValues(["mouse", "mouse", "mouse", "human", "human", "human"]));
        obs.Set("cell_type", CategoricalColumn.FromValues(types));
        obs.Set("predicted", CategoricalColumn.FromValues(predicted));
        var data = new CellMatrix(CsrMatrix.FromDense(types.Length, 1, new float[types.Length]), obs, new AnnotationTable(["G"]));
        data.Obsm["X"] = new DenseMatrix(types.Length, 2, [0f, 0f, 1f, 1f, 0.1f, 0f, 0f, 0.1f, 1f, 0.9f, 0.9f, 1f]);
        return data;
    }
}
