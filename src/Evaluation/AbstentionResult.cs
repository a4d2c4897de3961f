namespace PllmML.Evaluation;

/// <summary>How well a calibrated model abstains on a labelled query (<see cref="Abstention.Score"/>).</summary>
/// <param name="UnknownRateByType">Per annotated type, the share of its cells called unknown.</param>
/// <param name="SeenTypeCells">Cells of types the model was trained on.</param>
/// <param name="SeenFlagged">Of those, the share called unknown.</param>
/// <param name="KnownTypeAccuracy">Of those that kept a label, the share with the right one.</param>
/// <param name="UnseenTypeCells">Cells of types the model was not trained on.</param>
/// <param name="UnseenUnknown">Of those, the share called unknown (NaN without such cells).</param>
/// <param name="SeenVsUnseenAuroc">AUROC of the confidence separating seen-type from unseen-type cells (NaN unless both exist).</param>
/// <param name="Reliability">Ten equal-width confidence bins over the seen-type cells.</param>
/// <param name="ExpectedCalibrationError">Σ_bins (cells / n)·|accuracy − mean confidence| over the same bins.</param>
public sealed record AbstentionResult(
    IReadOnlyDictionary<string, double> UnknownRateByType, int SeenTypeCells, double SeenFlagged, double KnownTypeAccuracy,
    int UnseenTypeCells, double UnseenUnknown, double SeenVsUnseenAuroc, IReadOnlyList<ReliabilityBin> Reliability, double ExpectedCalibrationError);
