using PllmML.Data.Orthologs;
using PllmML.Homology.Embeddings;

namespace PllmML.Pipeline;

/// <summary>What <see cref="ProteinMap.Run"/> found and wrote.</summary>
/// <param name="Pairs">The pairs written to <see cref="ProteinMapSettings.Output"/>.</param>
/// <param name="Neighbours">The top-k neighbours of either side, before the set-level strategy.</param>
/// <param name="GenesA">Species A's gene count.</param>
/// <param name="GenesB">Species B's gene count.</param>
/// <param name="Width">The embeddings' width.</param>
/// <param name="UsedCuda">Whether the search ran on a CUDA device.</param>
/// <param name="SearchSeconds">Wall-clock seconds of the similarity search.</param>
public sealed record ProteinMapResult(GenePairTable Pairs, GeneNeighbours Neighbours, int GenesA, int GenesB, int Width, bool UsedCuda, double SearchSeconds);
