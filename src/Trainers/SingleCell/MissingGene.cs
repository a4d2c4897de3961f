namespace PllmML.Trainers.SingleCell;

/// <summary>A variable gene of the model that a query did not measure.</summary>
/// <param name="Gene">The gene, as the query's species names it.</param>
/// <param name="LoadingShare">Its share of the squared PCA loadings (what the projection loses without it).</param>
public sealed record MissingGene(string Gene, double LoadingShare);
