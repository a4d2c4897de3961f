using Microsoft.ML.Data;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.SingleCell;

/// <summary>Every column that <see cref="SingleCellModel.Transform(string, PllmML.Data.CellMatrix)"/> reads for one cell, in one engine call.</summary>
internal sealed class IntegratedCellOutput : ICellOutput
{
    [VectorType]
    public float[] Embedding { get; set; } = [];

    public string PredictedLabel { get; set; } = string.Empty;

    [ColumnName("Score")]
    [VectorType]
    public float[] Probabilities { get; set; } = [];

    [ColumnName(SingleCellColumns.Pca)]
    [VectorType]
    public VBuffer<float> Pca { get; set; }

    [ColumnName(SingleCellColumns.SharedCounts)]
    [VectorType]
    public VBuffer<float> SharedCounts { get; set; }
}
