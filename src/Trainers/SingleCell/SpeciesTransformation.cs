using PllmML.Data;

namespace PllmML.Trainers.SingleCell;

/// <summary>One species' cells after one pass through the model (<see cref="SingleCellModel.Transform(string, PllmML.Data.CellMatrix)"/>).</summary>
/// <param name="Species">The species.</param>
/// <param name="Predictions">The integrated embedding, predicted types and probabilities.</param>
/// <param name="Pca">Cells × components: the shared-gene PCA before Harmony (the unintegrated baseline).</param>
/// <param name="SharedCounts">Cells × shared features: the raw counts in the shared gene space.</param>
public sealed record SpeciesTransformation(string Species, CellPredictions Predictions, DenseMatrix Pca, CsrMatrix SharedCounts);
