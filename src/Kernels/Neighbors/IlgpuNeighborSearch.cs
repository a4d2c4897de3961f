using ILGPU;
using ILGPU.Runtime;
using PllmML.Kernels.Devices;
using PllmML.Kernels.Similarity;

namespace PllmML.Kernels.Neighbors;

/// <summary>
/// <see cref="ExactKnn.Query"/> on an ILGPU device (CUDA, or ILGPU's CPU accelerator for tests), with the same result:
/// squared distances <c>|q|² + |r|² − 2 q·r</c> in float, one 2048 × 2048 tile at a time (shared-memory tiled product in
/// 16 × 16 groups), folded on the device into each query's k + <see cref="Margin"/> nearest candidates; on the host the
/// candidates are refined by exact double differences and ordered (ties by index), as the CPU search does.
/// </summary>
/// <remarks>
/// Float distances can misorder near-ties, so the result is certified per query: every reference left out has a float
/// distance of at least the last candidate's, and a float distance is within a rounding bound of the exact one; when
/// that bound does not separate the last candidate from the k-th exact distance, the query is recomputed on the CPU.
/// Device memory is O((queries + references)·dimensions + queries·(k + margin)) plus one tile.
/// </remarks>
public sealed class IlgpuNeighborSearch : INeighborSearch
{
    /// <summary>Candidates kept beyond k, so that rounding rarely forces the CPU recomputation.</summary>
    public const int Margin = 8;

    private const int DefaultTileSize = 2048;
    private const int GroupSize = 16;

    private readonly int _tileSize;
    private readonly IlgpuDevice _device;
    private readonly bool _ownsDevice;
    private readonly Accelerator _accelerator;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, DistanceTile> _distanceTile;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<int>, DistanceTile> _fold;

    /// <summary>Loads the kernels on a device the caller keeps owning (and disposes after this search).</summary>
    /// <param name="device">The device.</param>
    public IlgpuNeighborSearch(IlgpuDevice device)
        : this(device, ownsDevice: false, DefaultTileSize)
    {
    }

    /// <summary>Loads the kernels; <paramref name="tileSize"/> (a multiple of 16) is smaller in tests, where ILGPU's CPU
    /// accelerator emulates every thread of a 2048 × 2048 tile.</summary>
    internal IlgpuNeighborSearch(IlgpuDevice device, bool ownsDevice, int tileSize)
    {
        (_device, _ownsDevice, _tileSize) = (device ?? throw new ArgumentNullException(nameof(device)), ownsDevice, tileSize);
        _accelerator = device.Accelerator;
        _distanceTile = _accelerator.LoadStreamKernel<
            ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, DistanceTile>(DistanceTileKernel);
        _fold = _accelerator.LoadAutoGroupedStreamKernel<
            Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<int>, DistanceTile>(FoldKernel);
    }

    /// <inheritdoc/>
    public string DeviceName => _device.Name;

    /// <summary>Whether the search runs on a CUDA device (not ILGPU's CPU emulator).</summary>
    public bool IsCuda => _device.IsCuda;

    /// <summary>Queries whose candidates did not certify the result and were recomputed on the CPU, over this search's life.</summary>
    public long RecomputedQueries { get; private set; }

    /// <summary>Creates the search on CUDA device <paramref name="deviceId"/>, owning the device.</summary>
    /// <param name="deviceId">The CUDA device index (as <c>MLContext.GpuDeviceId</c>).</param>
    /// <exception cref="NotSupportedException">There is no such CUDA device.</exception>
    public static IlgpuNeighborSearch CreateCuda(int deviceId) => Owning(IlgpuDevice.CreateCuda(deviceId));

    /// <summary>Creates the search on ILGPU's CPU accelerator (an emulator, for tests and debugging), owning it.</summary>
    public static IlgpuNeighborSearch CreateCpuAccelerator() => CreateCpuAccelerator(DefaultTileSize);

    /// <summary>Creates the search on ILGPU's CPU accelerator with tiles of <paramref name="tileSize"/> rows and columns.</summary>
    /// <param name="tileSize">A multiple of 16.</param>
    internal static IlgpuNeighborSearch CreateCpuAccelerator(int tileSize) =>
        IlgpuDevice.CreateCpu().HandOver(owned => new IlgpuNeighborSearch(owned, ownsDevice: true, tileSize));

    /// <inheritdoc/>
    public NeighborGraph Search(double[] data, int dimensions, int neighborCount)
    {
        ArgumentNullException.ThrowIfNull(data);
        var rows = SquaredDistanceBlocks.All(data.Length / dimensions);
        ArgumentOutOfRangeException.ThrowIfLessThan(neighborCount, 1);
        if (neighborCount > rows.Length - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(neighborCount), $"{neighborCount} neighbours asked of {rows.Length} cells.");
        }

        return Query(data, dimensions, rows, rows, neighborCount, excludeSelf: true);
    }

    /// <inheritdoc/>
    public NeighborGraph Query(
        double[] data, int dimensions, IReadOnlyList<int> queries, IReadOnlyList<int> references, int neighborCount, bool excludeSelf)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentOutOfRangeException.ThrowIfLessThan(neighborCount, 1);
        var k = neighborCount;
        var available = references.Count - (excludeSelf ? 1 : 0);
        if (k > references.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(neighborCount), $"Fewer than {k} references for a query.");
        }

        var candidates = Math.Min(k + Margin, Math.Max(available, k));
        var (queryValues, queryNorms) = Pack(data, dimensions, queries, transpose: false);
        var (referenceValues, referenceNorms) = Pack(data, dimensions, references, transpose: true);
        var queryRows = queries as int[] ?? [.. queries];
        var referenceRows = references as int[] ?? [.. references];
        var candidateDistances = new float[(long)queries.Count * candidates];
        var candidateIndices = new int[candidateDistances.Length];
        Array.Fill(candidateDistances, float.PositiveInfinity);
        Array.Fill(candidateIndices, -1);
        if (queries.Count > 0)
        {
            using var q = _accelerator.Allocate1D(queryValues);
            using var qNorms = _accelerator.Allocate1D(queryNorms);
            using var rT = _accelerator.Allocate1D(referenceValues);
            using var rNorms = _accelerator.Allocate1D(referenceNorms);
            using var qRows = _accelerator.Allocate1D(queryRows);
            using var rRows = _accelerator.Allocate1D(referenceRows);
            using var tile = _accelerator.Allocate1D<float>((long)_tileSize * _tileSize);
            using var bestDistances = _accelerator.Allocate1D(candidateDistances);
            using var bestIndices = _accelerator.Allocate1D(candidateIndices);
            for (var firstQuery = 0; firstQuery < queries.Count; firstQuery += _tileSize)
            {
                for (var firstReference = 0; firstReference < references.Count; firstReference += _tileSize)
                {
                    var shape = new DistanceTile(
                        firstQuery, firstReference, Math.Min(_tileSize, queries.Count - firstQuery),
                        Math.Min(_tileSize, references.Count - firstReference), dimensions, references.Count, candidates, excludeSelf ? 1 : 0, _tileSize);
                    var groups = new Index2D((shape.References + GroupSize - 1) / GroupSize, (shape.Queries + GroupSize - 1) / GroupSize);
                    _distanceTile(new KernelConfig(groups, new Index2D(GroupSize, GroupSize)), q.View, qNorms.View, rT.View, rNorms.View, tile.View, shape);
                    _fold(shape.Queries, tile.View, bestDistances.View, bestIndices.View, qRows.View, rRows.View, shape);
                }
            }

            _accelerator.Synchronize();
            bestDistances.CopyToCPU(candidateDistances);
            bestIndices.CopyToCPU(candidateIndices);
        }

        return Refine(data, dimensions, queries, references, k, excludeSelf, candidates, candidateDistances, candidateIndices, queryNorms, referenceNorms);
    }

    /// <summary>Disposes the device when the search owns it.</summary>
    public void Dispose()
    {
        if (_ownsDevice)
        {
            _device.Dispose();
        }
    }

    /// <summary>Takes over a device: the search disposes it.</summary>
    internal static IlgpuNeighborSearch Owning(IlgpuDevice device) =>
        device.HandOver(owned => new IlgpuNeighborSearch(owned, ownsDevice: true, DefaultTileSize));

    private NeighborGraph Refine(
        double[] data, int dimensions, IReadOnlyList<int> queries, IReadOnlyList<int> references, int k, bool excludeSelf, int candidates,
        float[] candidateDistances, int[] candidateIndices, float[] queryNorms, float[] referenceNorms)
    {
        var indices = new int[queries.Count * k];
        var distances = new double[queries.Count * k];
        var largestReferenceNorm = referenceNorms.DefaultIfEmpty(0f).Max();

        // A float distance is a sum of d products and two norms, each rounded: its error is below
        // (2d + 8)·2⁻²⁴·(|q|² + |r|²)·2, rounding of the inputs to float included (generous by design).
        var unit = (2.0 * dimensions + 8) * Math.Pow(2, -24) * 2;
        var recomputed = 0;
        var pairs = new (double Distance, int Index)[candidates];
        for (var query = 0; query < queries.Count; query++)
        {
            var found = 0;
            for (var slot = 0; slot < candidates; slot++)
            {
                var index = candidateIndices[((long)query * candidates) + slot];
                if (index >= 0)
                {
                    pairs[found++] = (SquaredDistanceBlocks.Exact(data, dimensions, queries[query], references[index]), index);
                }
            }

            if (found < k)
            {
                throw new ArgumentOutOfRangeException(nameof(k), $"Fewer than {k} references for a query.");
            }

            Array.Sort(pairs, 0, found);
            var lastCandidate = candidateDistances[((long)query * candidates) + candidates - 1];
            var everyReferenceSeen = found == references.Count - (excludeSelf && Contains(references, queries[query]) ? 1 : 0);
            var bound = unit * (queryNorms[query] + largestReferenceNorm);
            if (!everyReferenceSeen && !(lastCandidate - bound > pairs[k - 1].Distance))
            {
                recomputed++;
                var exact = ExactKnn.Query(data, dimensions, [queries[query]], references, k, excludeSelf);
                exact.NeighborsOf(0).CopyTo(indices.AsSpan(query * k, k));
                exact.DistancesOf(0).CopyTo(distances.AsSpan(query * k, k));
                continue;
            }

            for (var r = 0; r < k; r++)
            {
                indices[(query * k) + r] = pairs[r].Index;
                distances[(query * k) + r] = Math.Sqrt(pairs[r].Distance);
            }
        }

        RecomputedQueries += recomputed;
        return new NeighborGraph(queries.Count, k, indices, distances);
    }

    private static bool Contains(IReadOnlyList<int> rows, int row)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] == row)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The rows as float, row-major (or dimension-major when transposed), and their squared norms.</summary>
    private static (float[] Values, float[] Norms) Pack(double[] data, int dimensions, IReadOnlyList<int> rows, bool transpose)
    {
        var values = new float[(long)rows.Count * dimensions];
        var norms = new float[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = data.AsSpan(rows[i] * dimensions, dimensions);
            var norm = 0.0;
            for (var j = 0; j < dimensions; j++)
            {
                var value = (float)row[j];
                norm += (double)value * value;
                values[transpose ? ((long)j * rows.Count) + i : ((long)i * dimensions) + j] = value;
            }

            norms[i] = (float)norm;
        }

        return (values, norms);
    }

    /// <summary>tile[q, r] = |Q[q]|² + |R[r]|² − 2 Q[q]·R[r], clamped at 0; one 16 × 16 block per group.</summary>
    private static void DistanceTileKernel(
        ArrayView<float> queries, ArrayView<float> queryNorms, ArrayView<float> referencesTransposed, ArrayView<float> referenceNorms,
        ArrayView<float> tile, DistanceTile shape)
    {
        var qSlice = SharedMemory.Allocate2D<float, Stride2D.DenseX>(new Index2D(GroupSize, GroupSize), new Stride2D.DenseX(GroupSize));
        var rSlice = SharedMemory.Allocate2D<float, Stride2D.DenseX>(new Index2D(GroupSize, GroupSize), new Stride2D.DenseX(GroupSize));
        var x = Group.IdxX;
        var y = Group.IdxY;
        var reference = (Grid.IdxX * GroupSize) + x;
        var query = (Grid.IdxY * GroupSize) + y;
        var dot = 0f;
        for (var k0 = 0; k0 < shape.Dimensions; k0 += GroupSize)
        {
            qSlice[y, x] = query < shape.Queries && k0 + x < shape.Dimensions
                ? queries[((long)(shape.FirstQuery + query) * shape.Dimensions) + k0 + x]
                : 0f;
            rSlice[y, x] = reference < shape.References && k0 + y < shape.Dimensions
                ? referencesTransposed[((long)(k0 + y) * shape.ReferenceCount) + shape.FirstReference + reference]
                : 0f;
            Group.Barrier();
            for (var k = 0; k < GroupSize; k++)
            {
                dot += qSlice[y, k] * rSlice[k, x];
            }

            Group.Barrier();
        }

        if (query < shape.Queries && reference < shape.References)
        {
            var squared = queryNorms[shape.FirstQuery + query] + referenceNorms[shape.FirstReference + reference] - (2f * dot);
            tile[((long)query * shape.TileSize) + reference] = squared > 0f ? squared : 0f;
        }
    }

    /// <summary>
    /// Folds one tile row into its query's ascending candidate list (distance, then index): the order of
    /// <see cref="TopKLists.Precedes"/> on negated distances, the one top-k order of every search here.
    /// </summary>
    private static void FoldKernel(
        Index1D queryIndex, ArrayView<float> tile, ArrayView<float> distances, ArrayView<int> indices,
        ArrayView<int> queryRows, ArrayView<int> referenceRows, DistanceTile shape)
    {
        int query = queryIndex;
        var start = (long)(shape.FirstQuery + query) * shape.Candidates;
        var last = start + shape.Candidates - 1;
        var self = shape.ExcludeSelf != 0 ? queryRows[shape.FirstQuery + query] : -1;
        for (var column = 0; column < shape.References; column++)
        {
            var index = shape.FirstReference + column;
            var distance = tile[((long)query * shape.TileSize) + column];
            if (referenceRows[index] == self || !TopKLists.Precedes(-distance, index, -distances[last], indices[last]))
            {
                continue;
            }

            var position = last;
            while (position > start && TopKLists.Precedes(-distance, index, -distances[position - 1], indices[position - 1]))
            {
                distances[position] = distances[position - 1];
                indices[position] = indices[position - 1];
                position--;
            }

            distances[position] = distance;
            indices[position] = index;
        }
    }
}
