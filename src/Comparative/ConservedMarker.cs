namespace PllmML.Comparative;

/// <summary>A marker of one cell type in every species where the type is tested (Seurat's FindConservedMarkers row).</summary>
/// <param name="CellType">The cell type.</param>
/// <param name="Gene">The gene.</param>
/// <param name="PerSpecies">The species' statistics, in species order.</param>
/// <param name="CombinedPValue">The combined p-value (<see cref="ComparativeOptions.Combination"/>).</param>
/// <param name="Fdr">Benjamini–Hochberg over the type's conserved genes.</param>
public sealed record ConservedMarker(string CellType, string Gene, IReadOnlyList<GeneMarker> PerSpecies, double CombinedPValue, double Fdr)
{
    /// <summary>Up in the type in every species.</summary>
    public bool IsUp => PerSpecies.All(marker => marker.LogFoldChange > 0);
}
