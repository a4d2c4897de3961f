namespace PllmML.Kernels.Neighbors;

/// <summary>
/// Exact Euclidean k-nearest-neighbour search of cell embeddings, whatever the backend: <see cref="CpuNeighborSearch"/>
/// (<see cref="ExactKnn"/>'s blocked double-precision FMA tiles) or <see cref="IlgpuNeighborSearch"/> (float tiles on an
/// ILGPU device, refined and certified on the host). Every backend returns the same graph, bit for bit: neighbours
/// nearest first, ties by index, distances by exact differences. <see cref="NeighborSearches.Create"/> chooses one.
/// </summary>
/// <remarks>
/// Cosine and Pearson top-k between two gene-embedding sets, both sides at once, is the sibling search
/// <see cref="Similarity.ISimilaritySearch"/> (CPU and ILGPU backends, float); both keep ties by the lower index.
/// </remarks>
public interface INeighborSearch : IDisposable
{
    /// <summary>A short description of where the search runs (for logs and reports).</summary>
    string DeviceName { get; }

    /// <summary>The k nearest other rows of every row.</summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="neighborCount">k; at most rows − 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">k is below 1 or above rows − 1.</exception>
    NeighborGraph Search(double[] data, int dimensions, int neighborCount);

    /// <summary>The k nearest reference rows of each query row; indices are positions in <paramref name="references"/>.</summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="queries">The query rows.</param>
    /// <param name="references">The reference rows.</param>
    /// <param name="neighborCount">k; at most the number of references (less one when <paramref name="excludeSelf"/>).</param>
    /// <param name="excludeSelf">Skip a reference that is the query's own row.</param>
    /// <exception cref="ArgumentOutOfRangeException">k is below 1, or a query has fewer than k references.</exception>
    NeighborGraph Query(double[] data, int dimensions, IReadOnlyList<int> queries, IReadOnlyList<int> references, int neighborCount, bool excludeSelf);
}
