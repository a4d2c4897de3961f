using Microsoft.ML.Data;

namespace PllmML.Trainers.SingleCell;

/// <summary>What the model predicts for one cell.</summary>
public sealed class CellPrediction : ICellOutput
{
    /// <summary>The integrated embedding.</summary>
    [VectorType]
    public float[] Embedding { get; set; } = [];

    /// <summary>The predicted cell type.</summary>
    public string PredictedLabel { get; set; } = string.Empty;

    /// <summary>Class probabilities, in the order of <see cref="SingleCellManifest.Labels"/>.</summary>
    [ColumnName("Score")]
    [VectorType]
    public float[] Probabilities { get; set; } = [];
}
