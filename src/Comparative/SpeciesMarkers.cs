namespace PllmML.Comparative;

/// <summary>The markers of every cell type of one species (FindAllMarkers within the species).</summary>
/// <param name="Species">The species.</param>
/// <param name="CellCounts">Cells per type, every type of the species.</param>
/// <param name="Markers">Per tested type (those with enough cells), its genes ordered by p-value.</param>
public sealed record SpeciesMarkers(string Species, IReadOnlyDictionary<string, int> CellCounts, IReadOnlyDictionary<string, IReadOnlyList<GeneMarker>> Markers);
