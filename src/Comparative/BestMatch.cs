namespace PllmML.Comparative;

/// <summary>The best match of one species' cell type among another species' types.</summary>
/// <param name="Species">The species of the type.</param>
/// <param name="CellType">The type.</param>
/// <param name="OtherSpecies">The species searched.</param>
/// <param name="Match">The best match by the symmetric one-vs-rest MetaNeighbor AUROC.</param>
/// <param name="Auroc">Its AUROC.</param>
/// <param name="Reciprocal">The match's own best match is this type.</param>
/// <param name="OneVersusBestMatch">The best match by MetaNeighbor's one-vs-best AUROC (training on this type); null when undefined.</param>
/// <param name="OneVersusBestAuroc">Its AUROC against the runner-up.</param>
/// <param name="RunnerUp">The runner-up of the one-vs-best call.</param>
/// <param name="AlignmentMatch">The best match by the alignment score; null without an embedding.</param>
/// <param name="AlignmentScore">Its score.</param>
public sealed record BestMatch(
    string Species,
    string CellType,
    string OtherSpecies,
    string Match,
    double Auroc,
    bool Reciprocal,
    string? OneVersusBestMatch,
    double OneVersusBestAuroc,
    string? RunnerUp,
    string? AlignmentMatch,
    double AlignmentScore);
