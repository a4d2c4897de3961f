namespace PllmML.Data.Orthologs;

/// <summary>
/// One gene of species A matched to one gene of species B, with the score that supports the match (Pearson or
/// cosine similarity of the gene embeddings, mean percent identity, …; NaN when the source has none).
/// </summary>
/// <param name="GeneA">The gene of species A (the query species, first column of a pair table).</param>
/// <param name="GeneB">The gene of species B (the target species, second column).</param>
/// <param name="Score">The supporting score, or <see cref="double.NaN"/>.</param>
public readonly record struct GenePair(string GeneA, string GeneB, double Score = double.NaN);
