namespace PllmML.Comparative;

/// <summary>A homologous gene pair behind a matched pair of cell types: a marker of both types, each in its species.</summary>
/// <param name="SpeciesA">The first species.</param>
/// <param name="CellTypeA">Its type.</param>
/// <param name="SpeciesB">The second species.</param>
/// <param name="CellTypeB">Its matched type.</param>
/// <param name="Feature">The shared-gene feature (named by the reference species' gene).</param>
/// <param name="GeneA">The first species' gene of the pair: the feature in the reference species, else its partner in the gene map (the feature when no map is given; with one two-species map, always the feature).</param>
/// <param name="GeneB">The second species' gene of the pair (from the gene map; the feature in the reference species or when no map is given).</param>
/// <param name="MarkerA">The feature's statistics for type A in species A.</param>
/// <param name="MarkerB">The feature's statistics for type B in species B.</param>
/// <param name="CombinedPValue">Both p-values combined (minimum-p).</param>
/// <param name="MappingSource">Where the pair comes from (an ortholog table, or a protein-embedding map), or "shared feature".</param>
/// <param name="Similarity">The protein-embedding similarity when the map came from embeddings (with two non-reference sides, the smaller of their similarities to the reference gene); NaN otherwise.</param>
/// <param name="EnsemblAgrees">Whether Ensembl pairs the feature with the gene of every non-reference side: true, false (another gene on some side), or null without a table or when it has no entry for the feature on a side.</param>
public sealed record GenePairEvidence(
    string SpeciesA,
    string CellTypeA,
    string SpeciesB,
    string CellTypeB,
    string Feature,
    string GeneA,
    string GeneB,
    GeneMarker MarkerA,
    GeneMarker MarkerB,
    double CombinedPValue,
    string MappingSource,
    double Similarity,
    bool? EnsemblAgrees);
