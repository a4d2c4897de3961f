namespace PllmML.Esm.Genes;

/// <summary>What pooling did for one gene.</summary>
/// <param name="Gene">The gene.</param>
/// <param name="IsoformsFound">Proteins of the gene that reached embedding (after the cleaning policy).</param>
/// <param name="IsoformsUsed">Proteins pooled into the gene embedding.</param>
/// <param name="IsoformsDropped">Proteins found but not used (other isoforms under canonical pooling).</param>
/// <param name="UsedProteins">The ids of the proteins used.</param>
/// <param name="Note">Why the choice was made (canonical: "table", "longest", "table protein absent; longest").</param>
public sealed record GeneAuditRow(string Gene, int IsoformsFound, int IsoformsUsed, int IsoformsDropped, IReadOnlyList<string> UsedProteins, string Note);
