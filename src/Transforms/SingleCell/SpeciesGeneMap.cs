namespace PllmML.Transforms.SingleCell;

/// <summary>
/// How one species' genes feed the shared gene features: the species' model genes (the input order of its count
/// vectors) and the (model gene → shared feature) entries whose counts are summed.
/// </summary>
/// <param name="Species">The species name.</param>
/// <param name="ModelGenes">The species' genes that feed at least one shared feature, in the order of its data.</param>
/// <param name="GenesInData">How many genes the species' data had.</param>
/// <param name="SourceGenes">For each entry, a position in <paramref name="ModelGenes"/>.</param>
/// <param name="TargetFeatures">For each entry, the shared feature it adds to.</param>
public sealed record SpeciesGeneMap(
    string Species, IReadOnlyList<string> ModelGenes, int GenesInData, int[] SourceGenes, int[] TargetFeatures)
{
    /// <summary>Genes of the species' data that feed no shared feature.</summary>
    public int GenesDropped => GenesInData - ModelGenes.Count;

    /// <summary>Sums a cell's counts (in <see cref="ModelGenes"/> order) into the shared features.</summary>
    /// <param name="counts">The cell's counts, one per model gene.</param>
    /// <param name="shared">The shared features; overwritten.</param>
    public void Apply(ReadOnlySpan<float> counts, Span<float> shared)
    {
        shared.Clear();
        for (var entry = 0; entry < SourceGenes.Length; entry++)
        {
            shared[TargetFeatures[entry]] += counts[SourceGenes[entry]];
        }
    }
}
