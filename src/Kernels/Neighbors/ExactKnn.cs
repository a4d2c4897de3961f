namespace PllmML.Kernels.Neighbors;

/// <summary>
/// Exact Euclidean k-nearest-neighbour search of PllmML's cell embeddings (scib metrics, UMAP, kBET, label transfer):
/// the k smallest selection distances of <see cref="SquaredDistanceBlocks"/> (‖q‖² + ‖r‖² − 2q·r in double precision;
/// ties by index), then the selected neighbours' distances refined by exact differences and ordered (ties by index).
/// Large searches screen the references with float GEMM tiles first and rescore only the candidates in double
/// (<see cref="ScreenedKnn"/>: the same graph, bit for bit). Memory is queries × k plus the references in float, never
/// cells × cells.
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
        ArgumentOutOfRangeException.ThrowIfLessThan(neighborCount, 1);
        if ((long)queries.Count * references.Count >= ScreenedKnn.MinimumPairs && neighborCount <= references.Count)
        {
            return ScreenedKnn.Query(data, dimensions, queries, references, neighborCount, excludeSelf);
        }

        return QueryByDoubleTiles(data, dimensions, queries, references, neighborCount, excludeSelf);
    }

    /// <summary>
    /// The k nearest other rows within <paramref name="rows"/> of each of those rows, taken from a kNN graph of all rows
    /// (<see cref="Search(double[], int, int)"/>) wherever a row's graph neighbours hold k of them, searched otherwise:
    /// the same graph as <see cref="Search(double[], int, IReadOnlyList{int}, int)"/> over <paramref name="rows"/>, bit
    /// for bit. The graph lists every row's nearest rows in selection order (distance, then index), so the members of
    /// <paramref name="rows"/> among them are the nearest members; the k smallest of them by selection distance are
    /// re-picked, refined and ordered as the search does (kBET's per-type neighbourhoods from the one 90-NN graph).
    /// </summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="graph">The graph of every row from <see cref="Search(double[], int, int)"/> (the CPU search).</param>
    /// <param name="rows">The rows taking part, in increasing order (otherwise they are searched).</param>
    /// <param name="neighborCount">k; at most rows − 1.</param>
    /// <returns>Neighbours as positions in <paramref name="rows"/>.</returns>
    public static NeighborGraph SearchWithin(double[] data, int dimensions, NeighborGraph graph, IReadOnlyList<int> rows, int neighborCount)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(neighborCount, 1);
        if (neighborCount > rows.Count - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(neighborCount), $"{neighborCount} neighbours asked of {rows.Count} cells.");
        }

        return QueryWithin(data, dimensions, graph, rows, rows, neighborCount, excludeSelf: true);
    }

    /// <summary>
    /// <see cref="Query"/> taken from a kNN graph of all rows (<see cref="Search(double[], int, int)"/>) wherever a query's
    /// graph neighbours hold k references, searched otherwise: the same graph as <see cref="Query"/>, bit for bit. The
    /// graph lists every row's nearest other rows in selection order (distance, then index), so the references among
    /// them are the nearest references; the k smallest of them by selection distance are re-picked, refined and ordered
    /// as the search does (cross-species label transfer from the one neighbour graph of the scib metrics: a query cell
    /// of a well-mixed embedding has its k nearest cells of the other species among its 90 nearest).
    /// </summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="graph">The graph of every row from <see cref="Search(double[], int, int)"/> (the CPU search).</param>
    /// <param name="queries">The query rows.</param>
    /// <param name="references">The reference rows, in increasing order (otherwise every query is searched).</param>
    /// <param name="neighborCount">k; at most the number of references.</param>
    /// <param name="excludeSelf">Skip a reference that is the query's own row.</param>
    /// <returns>Neighbours as positions in <paramref name="references"/>.</returns>
    public static NeighborGraph QueryWithin(
        double[] data, int dimensions, NeighborGraph graph, IReadOnlyList<int> queries, IReadOnlyList<int> references, int neighborCount, bool excludeSelf)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentOutOfRangeException.ThrowIfLessThan(neighborCount, 1);
        var cellCount = data.Length / dimensions;
        var queryArray = queries as int[] ?? [.. queries];
        var referenceArray = references as int[] ?? [.. references];
        var increasing = graph.CellCount == cellCount;
        for (var p = 1; p < referenceArray.Length && increasing; p++)
        {
            increasing = referenceArray[p] > referenceArray[p - 1];
        }

        if (!increasing)
        {
            return Query(data, dimensions, queryArray, referenceArray, neighborCount, excludeSelf);
        }

        var k = neighborCount;
        var position = new int[cellCount];
        Array.Fill(position, -1);
        for (var p = 0; p < referenceArray.Length; p++)
        {
            position[referenceArray[p]] = p;
        }

        var norms = SquaredDistanceBlocks.Norms(data, dimensions);
        var indices = new int[(long)queryArray.Length * k];
        var distances = new double[indices.Length];
        var searched = new bool[queryArray.Length];
        Parallel.For(
            0,
            queryArray.Length,
            () => (new (double, int)[graph.NeighborCount], new (double, int)[k]),
            (p, _, buffers) =>
            {
                var (pairs, exact) = buffers;
                var cell = queryArray[p];
                var found = 0;
                if (!excludeSelf && position[cell] >= 0)
                {
                    // The graph leaves each row's own out; this query counts itself as a reference.
                    searched[p] = true;
                    return buffers;
                }

                foreach (var neighbor in graph.NeighborsOf(cell))
                {
                    if (position[neighbor] >= 0)
                    {
                        pairs[found++] = (SquaredDistanceBlocks.SelectionDistance(data, dimensions, norms, cell, neighbor), position[neighbor]);
                    }
                }

                if (found < k)
                {
                    searched[p] = true;
                    return buffers;
                }

                Array.Sort(pairs, 0, found);
                for (var r = 0; r < k; r++)
                {
                    exact[r] = (SquaredDistanceBlocks.Exact(data, dimensions, cell, referenceArray[pairs[r].Item2]), pairs[r].Item2);
                }

                Array.Sort(exact);
                for (var r = 0; r < k; r++)
                {
                    indices[((long)p * k) + r] = exact[r].Item2;
                    distances[((long)p * k) + r] = Math.Sqrt(exact[r].Item1);
                }

                return buffers;
            },
            _ => { });

        var rest = Enumerable.Range(0, queryArray.Length).Where(p => searched[p]).ToArray();
        if (rest.Length > 0)
        {
            var fallback = Query(data, dimensions, [.. rest.Select(p => queryArray[p])], referenceArray, k, excludeSelf);
            for (var i = 0; i < rest.Length; i++)
            {
                fallback.NeighborsOf(i).CopyTo(indices.AsSpan(rest[i] * k, k));
                fallback.DistancesOf(i).CopyTo(distances.AsSpan(rest[i] * k, k));
            }
        }

        return new NeighborGraph(queryArray.Length, k, indices, distances);
    }

    /// <summary>
    /// <see cref="Query"/> by double-precision tiles over every pair (the definition; <see cref="ScreenedKnn"/> returns
    /// the same graph faster and is used from <see cref="ScreenedKnn.MinimumPairs"/> query × reference pairs).
    /// </summary>
    internal static NeighborGraph QueryByDoubleTiles(
        double[] data, int dimensions, IReadOnlyList<int> queries, IReadOnlyList<int> references, int neighborCount, bool excludeSelf)
    {
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
