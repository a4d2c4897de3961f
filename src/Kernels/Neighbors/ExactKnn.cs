namespace PllmML.Kernels.Neighbors;

/// <summary>
/// Exact Euclidean k-nearest-neighbour search of PllmML's cell embeddings (scib metrics, UMAP, kBET, label transfer):
/// squared distances by <see cref="SquaredDistanceBlocks"/> (blocked, register-tiled FMA, double precision), a bounded
/// heap per query, then the selected neighbours' distances refined by exact differences and ordered (ties by index).
/// Memory is queries × k, never cells × cells.
/// </summary>
/// <remarks>
/// The CPU backend of <see cref="INeighborSearch"/> (<see cref="CpuNeighborSearch"/>); <see cref="IlgpuNeighborSearch"/> is
/// this search on an ILGPU device, with the same result. Cosine and Pearson top-k between two gene-embedding sets is
/// <see cref="Similarity.ISimilaritySearch"/> (CPU and ILGPU backends).
/// </remarks>
public static class ExactKnn
{
    /// <summary>The k nearest other rows of every row (Euclidean, exact).</summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="neighborCount">k; at most rows − 1.</param>
    public static NeighborGraph Search(double[] data, int dimensions, int neighborCount)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Search(data, dimensions, SquaredDistanceBlocks.All(data.Length / dimensions), neighborCount);
    }

    /// <summary>
    /// The k nearest other rows, within <paramref name="rows"/>, of each of those rows; the returned indices are
    /// positions in <paramref name="rows"/>.
    /// </summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="rows">The rows taking part.</param>
    /// <param name="neighborCount">k; at most rows − 1.</param>
    public static NeighborGraph Search(double[] data, int dimensions, IReadOnlyList<int> rows, int neighborCount)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(neighborCount, 1);
        if (neighborCount > rows.Count - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(neighborCount), $"{neighborCount} neighbours asked of {rows.Count} cells.");
        }

        return Query(data, dimensions, rows, rows, neighborCount, excludeSelf: true);
    }

    /// <summary>
    /// The k nearest reference rows of each query row; indices are positions in <paramref name="references"/>.
    /// </summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="queries">The query rows.</param>
    /// <param name="references">The reference rows.</param>
    /// <param name="neighborCount">k; at most the number of references.</param>
    /// <param name="excludeSelf">Skip a reference that is the query's own row.</param>
    public static NeighborGraph Query(
        double[] data, int dimensions, IReadOnlyList<int> queries, IReadOnlyList<int> references, int neighborCount, bool excludeSelf)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(references);
        var k = neighborCount;
        var referenceArray = references as int[] ?? [.. references];
        var indices = new int[queries.Count * k];
        var distances = new double[queries.Count * k];
        SquaredDistanceBlocks.ForEach(
            data,
            dimensions,
            queries,
            references,
            () => new TopK(k),
            (state, q, blockStart, squared) =>
            {
                var top = (TopK)state!;
                var self = excludeSelf ? queries[q] : -1;
                var worst = top.Worst;
                for (var j = 0; j < squared.Length; j++)
                {
                    if (squared[j] < worst && referenceArray[blockStart + j] != self)
                    {
                        top.Add(squared[j], blockStart + j);
                        worst = top.Worst;
                    }
                }
            },
            (state, q) =>
            {
                var top = (TopK)state!;
                if (top.Count < k)
                {
                    throw new ArgumentOutOfRangeException(nameof(neighborCount), $"Fewer than {k} references for a query.");
                }

                // Refine by exact differences, then order (ties by index, as a stable sort would).
                var pairs = new (double Distance, int Index)[k];
                for (var r = 0; r < k; r++)
                {
                    var index = top.Indices[r];
                    pairs[r] = (SquaredDistanceBlocks.Exact(data, dimensions, queries[q], references[index]), index);
                }

                Array.Sort(pairs);
                for (var r = 0; r < k; r++)
                {
                    indices[(q * k) + r] = pairs[r].Index;
                    distances[(q * k) + r] = Math.Sqrt(pairs[r].Distance);
                }
            });
        return new NeighborGraph(queries.Count, k, indices, distances);
    }

    /// <summary>
    /// A bounded max-heap of the k smallest (distance, index) pairs seen; indices arrive in increasing order, so an entry
    /// as far as the worst never enters.
    /// </summary>
    private sealed class TopK(int capacity)
    {
        public readonly double[] Distances = new double[capacity];
        public readonly int[] Indices = new int[capacity];

        public int Count { get; private set; }

        public double Worst => Count < capacity ? double.PositiveInfinity : Distances[0];

        public void Add(double distance, int index)
        {
            if (Count < capacity)
            {
                var i = Count++;
                Distances[i] = distance;
                Indices[i] = index;
                while (i > 0)
                {
                    var parent = (i - 1) / 2;
                    if (!After(i, parent))
                    {
                        break;
                    }

                    Swap(i, parent);
                    i = parent;
                }

                return;
            }

            Distances[0] = distance;
            Indices[0] = index;
            var node = 0;
            while (true)
            {
                var left = (2 * node) + 1;
                var largest = node;
                if (left < capacity && After(left, largest))
                {
                    largest = left;
                }

                if (left + 1 < capacity && After(left + 1, largest))
                {
                    largest = left + 1;
                }

                if (largest == node)
                {
                    return;
                }

                Swap(node, largest);
                node = largest;
            }
        }

        /// <summary>Entry a orders after entry b: farther, or as far with a larger index (so ties keep the smallest indices).</summary>
        private bool After(int a, int b) =>
            Distances[a] > Distances[b] || (Distances[a] == Distances[b] && Indices[a] > Indices[b]);

        private void Swap(int a, int b)
        {
            (Distances[a], Distances[b]) = (Distances[b], Distances[a]);
            (Indices[a], Indices[b]) = (Indices[b], Indices[a]);
        }
    }
}
