using PllmML.Data.Orthologs;

namespace PllmML.Comparative;

/// <summary>The gene maps behind the shared gene space, for the gene pairs behind each match (both optional).</summary>
/// <param name="Homology">The map the shared gene space was built from (an ortholog table or a protein-embedding map).</param>
/// <param name="HomologyPath">Its file, for the mapping source column.</param>
/// <param name="Ensembl">An Ensembl ortholog table to check each pair against.</param>
public sealed record GeneMaps(GenePairTable? Homology = null, string? HomologyPath = null, GenePairTable? Ensembl = null)
{
    /// <summary>Reads the tables (any format <see cref="OrthologTableReader"/> knows); null paths are left out.</summary>
    /// <param name="homologyPath">The gene map of the shared gene space.</param>
    /// <param name="ensemblPath">An Ensembl ortholog table.</param>
    public static GeneMaps Read(string? homologyPath, string? ensemblPath) => new(
        homologyPath is null ? null : OrthologTableReader.Read(homologyPath).Pairs,
        homologyPath,
        ensemblPath is null ? null : OrthologTableReader.Read(ensemblPath).Pairs);
}
