namespace PllmML.Trainers.SingleCell;

/// <summary>
/// The columns every per-cell output class of <see cref="SingleCellModel"/>'s prediction engines carries
/// (<see cref="CellPrediction"/> for serving, <see cref="IntegratedCellOutput"/> for the integrated cells), so that one
/// per-cell loop fills the predictions of both.
/// </summary>
internal interface ICellOutput
{
    /// <summary>The integrated embedding.</summary>
    float[] Embedding { get; }

    /// <summary>The predicted cell type.</summary>
    string PredictedLabel { get; }

    /// <summary>Class probabilities, in the order of <see cref="SingleCellManifest.Labels"/>.</summary>
    float[] Probabilities { get; }
}
