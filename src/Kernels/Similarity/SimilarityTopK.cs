namespace PllmML.Kernels.Similarity;

/// <summary>
/// The result of comparing every gene of species A with every gene of species B: the top-k of each A gene among
/// the B genes and the top-k of each B gene among the A genes, computed without materialising the A × B matrix.
/// </summary>
/// <param name="AToB">For each A gene, its most similar B genes.</param>
/// <param name="BToA">For each B gene, its most similar A genes.</param>
public sealed record SimilarityTopK(TopKNeighbours AToB, TopKNeighbours BToA);
