namespace PllmML.Evaluation;

/// <summary>One bin of a reliability diagram: the cells whose confidence lies in [Lower, Upper).</summary>
/// <param name="Lower">The bin's lower edge.</param>
/// <param name="Upper">The bin's upper edge (1 is included in the last bin).</param>
/// <param name="Cells">Cells in the bin.</param>
/// <param name="MeanConfidence">Their mean confidence (NaN when empty).</param>
/// <param name="Accuracy">The share whose most probable type is right (NaN when empty).</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Cells, double MeanConfidence, double Accuracy);
