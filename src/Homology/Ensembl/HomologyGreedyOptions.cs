namespace PllmML.Homology.Ensembl;

/// <summary>How the hm-o2o greedy breaks exact ties.</summary>
public sealed record HomologyGreedyOptions
{
    /// <summary>
    /// Pairs to put first among candidates that tie exactly on (confidence, identity); the others keep BioMart file
    /// order. Null (the default): file order only. Used to show that a published table is one valid tie order of the
    /// same greedy.
    /// </summary>
    public IReadOnlySet<(string GeneA, string GeneB)>? PreferredOnTies { get; init; }
}
