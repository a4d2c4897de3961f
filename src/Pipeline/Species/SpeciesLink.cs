using PllmML.Data.Orthologs;

namespace PllmML.Pipeline.Species;

/// <summary>The homology pairs that one table gives between two input species.</summary>
/// <param name="SpeciesA">The species of <see cref="GenePair.GeneA"/>.</param>
/// <param name="SpeciesB">The species of <see cref="GenePair.GeneB"/>.</param>
/// <param name="Pairs">The pairs, gene A of <paramref name="SpeciesA"/>.</param>
/// <param name="Source">The table's file.</param>
public sealed record SpeciesLink(string SpeciesA, string SpeciesB, GenePairTable Pairs, string Source)
{
    /// <summary>The same pairs with the species swapped.</summary>
    public SpeciesLink Reversed() => new(SpeciesB, SpeciesA,
        new GenePairTable(Pairs.GeneBColumn, Pairs.GeneAColumn, [.. Pairs.Pairs.Select(pair => new GenePair(pair.GeneB, pair.GeneA, pair.Score))]), Source);
}
