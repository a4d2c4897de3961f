namespace PllmML.Trainers.SingleCell;

/// <summary>One species' part of <see cref="AnnotationReference"/>.</summary>
/// <param name="Name">The species.</param>
/// <param name="SourceGenes">For each entry of the species' gene map, a position in its model genes.</param>
/// <param name="TargetFeatures">For each entry, the shared feature the gene's counts add to.</param>
/// <param name="LibraryShares">Per shared feature, its mean share of a training cell's library (counts / cell total).</param>
internal sealed record SpeciesReference(string Name, int[] SourceGenes, int[] TargetFeatures, float[] LibraryShares);
