using ILGPU;
using ILGPU.Runtime;
using PllmML.Kernels.Devices;

namespace PllmML.Kernels.Similarity;

/// <summary>
/// The fused similarity + top-k search as ILGPU kernels (CUDA, or ILGPU's CPU accelerator for testing). It runs on an
/// <see cref="IlgpuDevice"/> (the owner of the ILGPU context and accelerator) and loads its kernels once. The similarity matrix is computed one 2048 × 2048 tile at a time on the device (shared-memory tiled
/// product in 16 × 16 groups); after each tile, one kernel
/// folds it into the per-row top-k lists and another into the per-column lists, so device memory is
/// O((N + M)·(width + k)) plus one tile.
/// </summary>
/// <remarks>
/// Scores are plain float dot products on the device; they can differ from the CPU path in the last bits, so
/// near-ties may order differently.
/// </remarks>
public sealed class IlgpuSimilaritySearch : ISimilaritySearch
{
    private const int TileSize = 2048;
    private const int GroupSize = 16;

    private readonly IlgpuDevice _device;
    private readonly bool _ownsDevice;
    private readonly Accelerator _accelerator;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, TileShape> _scoreTile;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, TileShape> _foldRows;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, TileShape> _foldColumns;

    /// <summary>Loads the kernels on a device the caller keeps owning (and disposes after this search).</summary>
    /// <param name="device">The device.</param>
    public IlgpuSimilaritySearch(IlgpuDevice device)
        : this(device, ownsDevice: false)
    {
    }

    private IlgpuSimilaritySearch(IlgpuDevice device, bool ownsDevice)
    {
        (_device, _ownsDevice) = (device ?? throw new ArgumentNullException(nameof(device)), ownsDevice);
        _accelerator = device.Accelerator;
        _scoreTile = _accelerator.LoadStreamKernel<
            ArrayView<float>, ArrayView<float>, ArrayView<float>, TileShape>(ScoreTileKernel);
        _foldRows = _accelerator.LoadAutoGroupedStreamKernel<
            Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, TileShape>(FoldRowsKernel);
        _foldColumns = _accelerator.LoadAutoGroupedStreamKernel<
            Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, TileShape>(FoldColumnsKernel);
    }

    /// <inheritdoc/>
    public string DeviceName => _device.Name;

    /// <summary>Whether the search runs on a CUDA device (not ILGPU's CPU emulator).</summary>
    public bool IsCuda => _device.IsCuda;

    /// <summary>The CUDA devices ILGPU can see (0 when there is no driver); as <see cref="IlgpuDevice.CudaDeviceCount"/>.</summary>
    public static int CudaDeviceCount() => IlgpuDevice.CudaDeviceCount();

    /// <summary>Creates the search on CUDA device <paramref name="deviceId"/>, owning the device.</summary>
    /// <param name="deviceId">The CUDA device index (as <c>MLContext.GpuDeviceId</c>).</param>
    /// <exception cref="NotSupportedException">There is no such CUDA device.</exception>
    public static IlgpuSimilaritySearch CreateCuda(int deviceId) => Owning(IlgpuDevice.CreateCuda(deviceId));

    /// <summary>Creates the search on ILGPU's CPU accelerator (an emulator, for tests and debugging), owning it.</summary>
    public static IlgpuSimilaritySearch CreateCpuAccelerator() => Owning(IlgpuDevice.CreateCpu());

    /// <summary>Takes over a device: the search disposes it.</summary>
    internal static IlgpuSimilaritySearch Owning(IlgpuDevice device) =>
        device.HandOver(owned => new IlgpuSimilaritySearch(owned, ownsDevice: true));

    /// <inheritdoc/>
    public SimilarityTopK Search(UnitEmbeddingPair pair, int k)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var rows = new TopKLists(pair.RowsA, k);
        var columns = new TopKLists(pair.RowsB, k);
        if (pair.RowsA == 0 || pair.RowsB == 0)
        {
            return new SimilarityTopK(rows.ToNeighbours(), columns.ToNeighbours());
        }

        using var a = _accelerator.Allocate1D(pair.UnpackA());
        using var bTransposed = _accelerator.Allocate1D(pair.UnpackBTransposed());
        using var tile = _accelerator.Allocate1D<float>((long)TileSize * TileSize);
        using var rowScores = _accelerator.Allocate1D(rows.Scores);
        using var rowIndices = _accelerator.Allocate1D(rows.Indices);
        using var columnScores = _accelerator.Allocate1D(columns.Scores);
        using var columnIndices = _accelerator.Allocate1D(columns.Indices);
        for (var firstRow = 0; firstRow < pair.RowsA; firstRow += TileSize)
        {
            for (var firstColumn = 0; firstColumn < pair.RowsB; firstColumn += TileSize)
            {
                var shape = new TileShape(
                    firstRow, firstColumn, Math.Min(TileSize, pair.RowsA - firstRow),
                    Math.Min(TileSize, pair.RowsB - firstColumn), pair.Width, pair.RowsB, k);
                var groups = new Index2D(
                    (shape.Columns + GroupSize - 1) / GroupSize, (shape.Rows + GroupSize - 1) / GroupSize);
                _scoreTile(
                    new KernelConfig(groups, new Index2D(GroupSize, GroupSize)), a.View, bTransposed.View, tile.View, shape);
                _foldRows(shape.Rows, tile.View, rowScores.View, rowIndices.View, shape);
                _foldColumns(shape.Columns, tile.View, columnScores.View, columnIndices.View, shape);
            }
        }

        _accelerator.Synchronize();
        rowScores.CopyToCPU(rows.Scores);
        rowIndices.CopyToCPU(rows.Indices);
        columnScores.CopyToCPU(columns.Scores);
        columnIndices.CopyToCPU(columns.Indices);
        return new SimilarityTopK(rows.ToNeighbours(), columns.ToNeighbours());
    }

    /// <summary>Disposes the device when the search owns it.</summary>
    public void Dispose()
    {
        if (_ownsDevice)
        {
            _device.Dispose();
        }
    }

    /// <summary>
    /// tile[r, c] = A[firstRow + r] · B[firstColumn + c], one 16 × 16 block per group: each step loads a 16 × 16 slice
    /// of A rows and of B columns (B is dimension-major, so the loads are coalesced) into shared memory and every
    /// thread accumulates 16 products from it.
    /// </summary>
    private static void ScoreTileKernel(
        ArrayView<float> a, ArrayView<float> bTransposed, ArrayView<float> tile, TileShape shape)
    {
        var aSlice = SharedMemory.Allocate2D<float, Stride2D.DenseX>(
            new Index2D(GroupSize, GroupSize), new Stride2D.DenseX(GroupSize));
        var bSlice = SharedMemory.Allocate2D<float, Stride2D.DenseX>(
            new Index2D(GroupSize, GroupSize), new Stride2D.DenseX(GroupSize));
        var x = Group.IdxX;
        var y = Group.IdxY;
        var column = (Grid.IdxX * GroupSize) + x;
        var row = (Grid.IdxY * GroupSize) + y;
        var sum = 0f;
        for (var k0 = 0; k0 < shape.Width; k0 += GroupSize)
        {
            var aRow = (Grid.IdxY * GroupSize) + y;
            aSlice[y, x] = aRow < shape.Rows && k0 + x < shape.Width
                ? a[((long)(shape.FirstRow + aRow) * shape.Width) + k0 + x]
                : 0f;
            bSlice[y, x] = column < shape.Columns && k0 + y < shape.Width
                ? bTransposed[((long)(k0 + y) * shape.CountB) + shape.FirstColumn + column]
                : 0f;
            Group.Barrier();
            for (var k = 0; k < GroupSize; k++)
            {
                sum += aSlice[y, k] * bSlice[k, x];
            }

            Group.Barrier();
        }

        if (row < shape.Rows && column < shape.Columns)
        {
            tile[((long)row * TileSize) + column] = sum;
        }
    }

    private static void FoldRowsKernel(
        Index1D rowIndex, ArrayView<float> tile, ArrayView<float> scores, ArrayView<int> indices, TileShape shape)
    {
        int row = rowIndex;
        var start = (long)(shape.FirstRow + row) * shape.K;
        for (var column = 0; column < shape.Columns; column++)
        {
            Offer(scores, indices, start, shape.K, tile[((long)row * TileSize) + column], shape.FirstColumn + column);
        }
    }

    private static void FoldColumnsKernel(
        Index1D columnIndex, ArrayView<float> tile, ArrayView<float> scores, ArrayView<int> indices, TileShape shape)
    {
        int column = columnIndex;
        var start = (long)(shape.FirstColumn + column) * shape.K;
        for (var row = 0; row < shape.Rows; row++)
        {
            Offer(scores, indices, start, shape.K, tile[((long)row * TileSize) + column], shape.FirstRow + row);
        }
    }

    /// <summary>The device version of <see cref="TopKLists.Offer"/>: score desc, then index asc.</summary>
    private static void Offer(ArrayView<float> scores, ArrayView<int> indices, long start, int k, float score, int index)
    {
        var last = start + k - 1;
        if (!TopKLists.Precedes(score, index, scores[last], indices[last]))
        {
            return;
        }

        var position = last;
        while (position > start && TopKLists.Precedes(score, index, scores[position - 1], indices[position - 1]))
        {
            scores[position] = scores[position - 1];
            indices[position] = indices[position - 1];
            position--;
        }

        scores[position] = score;
        indices[position] = index;
    }
}
