namespace PllmML.Trainers.SingleCell;

/// <summary>Predictions for a batch of cells.</summary>
/// <param name="Embedding">Cells × dimensions integrated embedding, row-major.</param>
/// <param name="Dimensions">Embedding dimensions.</param>
/// <param name="Labels">Predicted cell type of each cell.</param>
/// <param name="Probabilities">Cells × classes probabilities, row-major, classes in <paramref name="Classes"/> order.</param>
/// <param name="Classes">The cell types.</param>
/// <param name="GenesFound">Model genes found in the query.</param>
/// <param name="ModelGenes">Model genes of the species.</param>
public sealed record CellPredictions(float[] Embedding, int Dimensions, string[] Labels, float[] Probabilities, IReadOnlyList<string> Classes, int GenesFound, int ModelGenes)
{
    /// <summary>Number of cells.</summary>
    public int CellCount => Labels.Length;
}
