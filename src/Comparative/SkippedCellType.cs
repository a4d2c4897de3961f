namespace PllmML.Comparative;

/// <summary>A cell type left out of a species' tests or of the cross-species comparison, and why.</summary>
/// <param name="Species">The species (empty when the reason concerns every species).</param>
/// <param name="CellType">The cell type.</param>
/// <param name="Cells">Its cells in that species.</param>
/// <param name="Reason">Why: too few cells, or present in one species only (species-specific).</param>
public sealed record SkippedCellType(string Species, string CellType, int Cells, string Reason);
