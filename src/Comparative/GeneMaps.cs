using PllmML.Data.Orthologs;

namespace PllmML.Comparative;

/// <summary>
/// The gene maps behind the shared gene space, for the gene pairs behind each match (all optional): either one pair
/// table for two species (<see cref="Homology"/>, oriented by the features it names), or, for any number of species,
/// each non-reference species' pairs with the reference (<see cref="HomologyBySpecies"/>), as the fit resolved them.
/// </summary>
/// <param name="Homology">The two-species map the shared gene space was built from (an ortholog table or a protein-embedding map).</param>
/// <param name="HomologyPath">Its file (or files), for the mapping source column.</param>
/// <param name="Ensembl">An Ensembl ortholog table between two species to check each pair against.</param>
public sealed record GeneMaps(GenePairTable? Homology = null, string? HomologyPath = null, GenePairTable? Ensembl = null)
{
    /// <summary>The species whose genes name the shared features; needed with <see cref="HomologyBySpecies"/>.</summary>
    public string? ReferenceSpecies { get; init; }

    /// <summary>
    /// Per non-reference species: pairs (reference gene = shared feature, that species' gene). When set, it replaces
    /// <see cref="Homology"/>: each side of a gene pair gets its own species' gene (the feature itself in the reference).
    /// </summary>
    public IReadOnlyDictionary<string, GenePairTable>? HomologyBySpecies { get; init; }

    /// <summary>
    /// Per non-reference species that an Ensembl table links directly to the reference: pairs (reference gene, that
    /// species' gene). When set, it replaces <see cref="Ensembl"/>: a gene pair agrees when Ensembl pairs the feature with
    /// the gene of every non-reference side; it is unknown (null) when a non-reference side has no Ensembl pairs for the
    /// feature or its species is not in the table.
    /// </summary>
    public IReadOnlyDictionary<string, GenePairTable>? EnsemblBySpecies { get; init; }

    /// <summary>Reads the tables (any format <see cref="OrthologTableReader"/> knows); null paths are left out.</summary>
    /// <param name="homologyPath">The gene map of the shared gene space.</param>
    /// <param name="ensemblPath">An Ensembl ortholog table.</param>
    public static GeneMaps Read(string? homologyPath, string? ensemblPath) => new(
        homologyPath is null ? null : OrthologTableReader.Read(homologyPath).Pairs,
        homologyPath,
        ensemblPath is null ? null : OrthologTableReader.Read(ensemblPath).Pairs);
}
