using PllmML.Data;

namespace PllmML.Evaluation;

/// <summary>
/// Cell types predicted by a trained classifier (e.g. the integration model's, obs <c>pllm_cell_type</c>), to be
/// scored as label transfer beside the kNN transfer: the cells of every batch the classifier was not trained on
/// are compared with their annotated types.
/// </summary>
/// <param name="TrainedOn">The batches (species) whose labels trained the classifier.</param>
/// <param name="PredictedLabels">The predicted type of every cell, in the input's cell order (null where none).</param>
public sealed record ClassifierPredictions(IReadOnlyList<string> TrainedOn, IReadOnlyList<string?> PredictedLabels)
{
    /// <summary>Reads the predictions from an <c>obs</c> column (categorical or text), in cell order.</summary>
    /// <param name="cells">The cells.</param>
    /// <param name="predictionKey">The <c>obs</c> column with the predicted type, e.g. <c>pllm_cell_type</c>.</param>
    /// <param name="trainedOn">The batches whose labels trained the classifier.</param>
    /// <param name="filePath">The file the cells came from, named in errors.</param>
    /// <exception cref="DataFormatException">The column is missing (the message lists the columns) or not categorical.</exception>
    public static ClassifierPredictions FromCells(
        CellMatrix cells, string predictionKey, IReadOnlyList<string> trainedOn, string filePath)
    {
        var codes = EvaluationInput.ColumnOf(cells, predictionKey, filePath);
        return new ClassifierPredictions(trainedOn, [.. codes.Codes.Select(code => codes.Names[code])]);
    }
}
