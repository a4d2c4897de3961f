using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PllmML.Kernels.Similarity;

/// <summary>
/// The CPU path of the fused similarity + top-k search: a cache-blocked matrix product (6 × 16 micro-kernel of
/// 256-bit fused multiply–adds over packed panels) whose output tiles are folded into per-row and per-column top-k
/// lists as soon as they are complete. Row blocks are spread over threads; each thread keeps its own column lists,
/// merged at the end. Memory beyond the packed inputs is O((N + M)·k·threads) plus one small tile per thread.
/// </summary>
/// <remarks>
/// Results do not depend on the thread count: every score is summed in the same order, and ties are ordered by index.
/// </remarks>
public sealed class CpuSimilaritySearch : ISimilaritySearch
{
    private const int RowBlock = 16 * UnitEmbeddingPair.PanelRowsA;
    private const int ColumnBlock = 16 * UnitEmbeddingPair.PanelRowsB;

    /// <summary>Creates the search.</summary>
    /// <param name="maxThreads">The most threads to use; all cores when null.</param>
    public CpuSimilaritySearch(int? maxThreads = null)
    {
        if (maxThreads is { } threads)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        }

        MaxThreads = maxThreads ?? Environment.ProcessorCount;
    }

    /// <summary>The most threads used.</summary>
    public int MaxThreads { get; }

    /// <inheritdoc/>
    public string DeviceName => $"CPU ({MaxThreads} threads, {(System.Runtime.Intrinsics.X86.Fma.IsSupported ? "AVX2+FMA" : "portable vectors")})";

    /// <inheritdoc/>
    public SimilarityTopK Search(UnitEmbeddingPair pair, int k)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var rows = new TopKLists(pair.RowsA, k);
        var columns = new TopKLists(pair.RowsB, k);
        var blocks = (pair.RowsA + RowBlock - 1) / RowBlock;
        var gate = new object();
        Parallel.For(
            0,
            blocks,
            new ParallelOptions { MaxDegreeOfParallelism = MaxThreads },
            () => new Worker(pair, k, rows),
            (block, _, worker) =>
            {
                worker.Process(block * RowBlock);
                return worker;
            },
            worker =>
            {
                lock (gate)
                {
                    columns.Merge(worker.Columns);
                }
            });
        return new SimilarityTopK(rows.ToNeighbours(), columns.ToNeighbours());
    }

    /// <summary>Nothing to release; present so CPU and GPU searches are used alike.</summary>
    public void Dispose()
    {
    }

    /// <summary>One thread's state: its output tile and its own column lists.</summary>
    private sealed class Worker(UnitEmbeddingPair pair, int k, TopKLists rows)
    {
        private readonly float[] _tile = new float[RowBlock * ColumnBlock];
        private readonly float[] _columnThresholds = CreateThresholds(pair.RowsB);

        public TopKLists Columns { get; } = new(pair.RowsB, k);

        public unsafe void Process(int firstRow)
        {
            var firstPanelA = firstRow / UnitEmbeddingPair.PanelRowsA;
            var panelsA = Math.Min(RowBlock / UnitEmbeddingPair.PanelRowsA, pair.PanelsA - firstPanelA);
            var width = pair.Width;
            fixed (float* a = pair.PackedA)
            fixed (float* b = pair.PackedB)
            fixed (float* tile = _tile)
            {
                for (var firstColumn = 0; firstColumn < pair.RowsB; firstColumn += ColumnBlock)
                {
                    var firstPanelB = firstColumn / UnitEmbeddingPair.PanelRowsB;
                    var panelsB = Math.Min(ColumnBlock / UnitEmbeddingPair.PanelRowsB, pair.PanelsB - firstPanelB);
                    for (var depth = 0; depth < width; depth += UnitEmbeddingPair.DepthBlock)
                    {
                        var depthCount = Math.Min(UnitEmbeddingPair.DepthBlock, width - depth);
                        for (var pb = 0; pb < panelsB; pb++)
                        {
                            var bPanel = b + ((((long)(firstPanelB + pb) * width) + depth) * UnitEmbeddingPair.PanelRowsB);
                            for (var pa = 0; pa < panelsA; pa++)
                            {
                                var aPanel = a + ((((long)(firstPanelA + pa) * width) + depth) * UnitEmbeddingPair.PanelRowsA);
                                var c = tile + (pa * UnitEmbeddingPair.PanelRowsA * ColumnBlock) + (pb * UnitEmbeddingPair.PanelRowsB);
                                MicroKernel(aPanel, bPanel, depthCount, c, depth > 0);
                            }
                        }
                    }

                    var tileRows = Math.Min(RowBlock, pair.RowsA - firstRow);
                    var tileColumns = Math.Min(ColumnBlock, pair.RowsB - firstColumn);
                    ScanTile(tile, firstRow, tileRows, firstColumn, tileColumns);
                }
            }
        }

        private static float[] CreateThresholds(int count)
        {
            var thresholds = new float[count];
            Array.Fill(thresholds, float.NegativeInfinity);
            return thresholds;
        }

        /// <summary>
        /// Offers every score of a finished tile to its row's and its column's list. A vector compare against both
        /// thresholds skips the (vast) majority of scores that cannot enter either list.
        /// </summary>
        private unsafe void ScanTile(float* tile, int firstRow, int tileRows, int firstColumn, int tileColumns)
        {
            fixed (float* columnThresholds = _columnThresholds)
            {
                for (var r = 0; r < tileRows; r++)
                {
                    var row = firstRow + r;
                    var scores = tile + (r * ColumnBlock);
                    var rowThreshold = rows.Threshold(row);
                    var c = 0;
                    for (; c + 8 <= tileColumns; c += 8)
                    {
                        var values = Vector256.Load(scores + c);
                        var enters = Vector256.GreaterThanOrEqual(values, Vector256.Create(rowThreshold))
                            | Vector256.GreaterThanOrEqual(values, Vector256.Load(columnThresholds + firstColumn + c));
                        var mask = enters.ExtractMostSignificantBits();
                        while (mask != 0)
                        {
                            var lane = System.Numerics.BitOperations.TrailingZeroCount(mask);
                            mask &= mask - 1;
                            rowThreshold = Offer(row, firstColumn + c + lane, scores[c + lane]);
                        }
                    }

                    for (; c < tileColumns; c++)
                    {
                        rowThreshold = Offer(row, firstColumn + c, scores[c]);
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private float Offer(int row, int column, float score)
        {
            rows.Offer(row, column, score);
            Columns.Offer(column, row, score);
            _columnThresholds[column] = Columns.Threshold(column);
            return rows.Threshold(row);
        }
    }

    /// <summary>
    /// C[6 × 16] (+)= A-panel · B-panel over <paramref name="depth"/> dimensions; 12 accumulators of 8 floats.
    /// Partial sums start at zero and are added to C at the end, the order <see cref="UnitEmbeddingPair.Score"/>
    /// reproduces.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MicroKernel(float* a, float* b, int depth, float* c, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var k = 0; k < depth; k++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = UnitEmbeddingPair.MultiplyAdd(a0, b0, c00);
            c01 = UnitEmbeddingPair.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = UnitEmbeddingPair.MultiplyAdd(a1, b0, c10);
            c11 = UnitEmbeddingPair.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = UnitEmbeddingPair.MultiplyAdd(a2, b0, c20);
            c21 = UnitEmbeddingPair.MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = UnitEmbeddingPair.MultiplyAdd(a3, b0, c30);
            c31 = UnitEmbeddingPair.MultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = UnitEmbeddingPair.MultiplyAdd(a4, b0, c40);
            c41 = UnitEmbeddingPair.MultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = UnitEmbeddingPair.MultiplyAdd(a5, b0, c50);
            c51 = UnitEmbeddingPair.MultiplyAdd(a5, b1, c51);
            a += UnitEmbeddingPair.PanelRowsA;
            b += UnitEmbeddingPair.PanelRowsB;
        }

        Store(c, c00, c01, accumulate);
        Store(c + ColumnBlock, c10, c11, accumulate);
        Store(c + (2 * ColumnBlock), c20, c21, accumulate);
        Store(c + (3 * ColumnBlock), c30, c31, accumulate);
        Store(c + (4 * ColumnBlock), c40, c41, accumulate);
        Store(c + (5 * ColumnBlock), c50, c51, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* c, Vector256<float> low, Vector256<float> high, bool accumulate)
    {
        if (accumulate)
        {
            low = Vector256.Load(c) + low;
            high = Vector256.Load(c + 8) + high;
        }

        low.Store(c);
        high.Store(c + 8);
    }
}
