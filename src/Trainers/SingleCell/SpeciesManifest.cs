namespace PllmML.Trainers.SingleCell;

/// <summary>One species in a saved model.</summary>
/// <param name="Name">The species name.</param>
/// <param name="ModelGenes">The genes the model reads, in the order of <see cref="CellRow.Counts"/>.</param>
/// <param name="GenesInData">Genes in the fitting data.</param>
/// <param name="GenesDropped">Genes of the fitting data without a shared feature.</param>
/// <param name="Cells">Cells fitted.</param>
public sealed record SpeciesManifest(string Name, IReadOnlyList<string> ModelGenes, int GenesInData, int GenesDropped, int Cells);
