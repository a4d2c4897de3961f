namespace PllmML.Comparative;

/// <summary>Everything a comparative analysis found (what <see cref="ComparativeWriter"/> writes).</summary>
public sealed class ComparativeResult
{
    /// <summary>The species, in input order.</summary>
    public required IReadOnlyList<string> Species { get; init; }

    /// <summary>Each species' markers.</summary>
    public required IReadOnlyList<SpeciesMarkers> Markers { get; init; }

    /// <summary>The conserved markers of every type tested in every species, per type ranked by combined p-value.</summary>
    public required IReadOnlyList<ConservedMarker> Conserved { get; init; }

    /// <summary>MetaNeighborUS over all species and types.</summary>
    public required MetaNeighborResult MetaNeighbor { get; init; }

    /// <summary>The symmetric one-vs-rest MetaNeighbor AUROC for every species pair (rows first species).</summary>
    public required IReadOnlyList<CellTypeSimilarity> Similarity { get; init; }

    /// <summary>The alignment score for every species pair; empty without an embedding.</summary>
    public required IReadOnlyList<CellTypeSimilarity> Alignment { get; init; }

    /// <summary>The best match of every type in every other species.</summary>
    public required IReadOnlyList<BestMatch> BestMatches { get; init; }

    /// <summary>The gene pairs behind each best match.</summary>
    public required IReadOnlyList<GenePairEvidence> GenePairs { get; init; }

    /// <summary>Types left out, and why.</summary>
    public required IReadOnlyList<SkippedCellType> Skipped { get; init; }

    /// <summary>Notes for the report (the input, the genes used, the versions).</summary>
    public required IReadOnlyDictionary<string, string> Description { get; init; }

    /// <summary>The top conserved markers (up in every species) of a type, ranked.</summary>
    /// <param name="cellType">The type.</param>
    /// <param name="count">How many.</param>
    public IReadOnlyList<ConservedMarker> TopConserved(string cellType, int count) =>
        [.. Conserved.Where(m => m.CellType == cellType && m.IsUp).Take(count)];
}
