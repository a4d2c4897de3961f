using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PllmML.Kernels.Neighbors;

/// <summary>
/// The fast path of <see cref="ExactKnn.Query"/>, with the same result bit for bit: float32 distance tiles
/// (register-blocked 4 × 24 FMA micro-kernel on <see cref="Vector256{T}"/>) screen the references against each query's
/// running k-th float distance widened by a rounding bound, so most are rejected by one vectorised compare; the few
/// candidates left are rescored with the double-precision selection distance of <see cref="SquaredDistanceBlocks"/>
/// (the same arithmetic, so the same value), the k smallest (distance, index) kept, refined by exact differences and
/// ordered as <see cref="ExactKnn"/> orders them.
/// </summary>
/// <remarks>
/// <para>Why it is exact. Let E bound |float distance − double distance| for a query (a rounding bound,
/// <see cref="Unit"/> · (|q|² + max |r|²), generous by design), and τ the k-th smallest float distance among the
/// references seen. The k references at or below τ have double distances ≤ τ + E, so the k-th smallest double distance
/// D_k is ≤ τ + E, and every reference the double search selects has a float distance ≤ D_k + E ≤ τ + 2E. τ only falls
/// as references are seen, so keeping every reference with a float distance ≤ (current τ) + 2E keeps all of them.</para>
/// <para>Pruning. The references are grouped by a coarse k-means (about one centre per 1,024 references; the grouping
/// only changes the speed); a group whose ball (centre, largest member distance) lies farther from a query than
/// √(τ + 3E) cannot hold a selected reference (its members' double distances exceed τ + E ≥ D_k) and is skipped.
/// Groups are visited nearest first, so τ falls fast. On clustered data (cell types) most of the other types are
/// skipped; on structureless data every group is visited and the search is the brute-force float GEMM.</para>
/// </remarks>
internal static class ScreenedKnn
{
    /// <summary>References per micro-panel (three float vectors).</summary>
    internal const int PanelWidth = 24;

    private const int QueryChunk = 128;
    private const int MicroRows = 4;

    /// <summary>Below this many query × reference pairs the double-tile search is used as it is (no gain to screen).</summary>
    internal const long MinimumPairs = 1L << 22;

    /// <summary>
    /// Rounding bound per unit of |q|² + |r|² of a float distance |q|² + |r|² − 2 q·r against the double one: the inputs'
    /// rounding to float, d products, the norms and the final sums, each at most 2⁻²⁴ relative, doubled for safety.
    /// </summary>
    internal static double Unit(int dimensions) => ((2.0 * dimensions) + 16) * Math.Pow(2, -24) * 2;

    /// <summary>As <see cref="ExactKnn.Query"/>.</summary>
    public static NeighborGraph Query(
        double[] data, int dimensions, IReadOnlyList<int> queries, IReadOnlyList<int> references, int neighborCount, bool excludeSelf)
    {
        var k = neighborCount;
        var queryRows = queries as int[] ?? [.. queries];
        var referenceRows = references as int[] ?? [.. references];
        var norms = SquaredDistanceBlocks.Norms(data, dimensions);
        var unit = Unit(dimensions);

        var grouping = ReferenceGroups.Build(data, dimensions, referenceRows, norms);
        var maxReferenceNorm = 0.0;
        foreach (var r in referenceRows)
        {
            maxReferenceNorm = Math.Max(maxReferenceNorm, norms[r]);
        }

        // Queries in the order of their nearest group, so a chunk of queries shares its near groups.
        var order = grouping.OrderQueries(data, dimensions, queryRows, norms);
        var indices = new int[(long)queryRows.Length * k];
        var distances = new double[indices.Length];
        var chunkCount = (queryRows.Length + QueryChunk - 1) / QueryChunk;
        var failed = 0;
        Parallel.For(
            0,
            chunkCount,
            () => new Workspace(dimensions, grouping.GroupCount, k),
            (chunk, _, workspace) =>
            {
                var start = chunk * QueryChunk;
                var count = Math.Min(QueryChunk, queryRows.Length - start);
                if (!SearchChunk(data, dimensions, norms, unit, maxReferenceNorm, queryRows, referenceRows, order, start, count, k, excludeSelf, grouping, workspace, indices, distances))
                {
                    Interlocked.Exchange(ref failed, 1);
                }

                return workspace;
            },
            _ => { });
        if (failed != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(neighborCount), $"Fewer than {k} references for a query.");
        }

        return new NeighborGraph(queryRows.Length, k, indices, distances);
    }

    private static bool SearchChunk(
        double[] data, int dimensions, double[] norms, double unit, double maxReferenceNorm, int[] queryRows, int[] referenceRows, int[] order,
        int start, int count, int k, bool excludeSelf, ReferenceGroups grouping, Workspace ws, int[] indices, double[] distances)
    {
        var padded = (count + MicroRows - 1) / MicroRows * MicroRows;
        var qf = ws.QueryValues;
        Array.Clear(qf);
        for (var i = 0; i < count; i++)
        {
            var row = queryRows[order[start + i]];
            var qn = norms[row];
            ws.QueryNorms[i] = qn;
            ws.Bound[i] = unit * (qn + maxReferenceNorm);
            ws.Self[i] = excludeSelf ? row : -1;
            ws.Tau[i] = double.PositiveInfinity;
            ws.CandidateCounts[i] = 0;
            ws.HeapCounts[i] = 0;
            ws.Capacity[i] = ws.InitialCapacity;
            ws.Limits[i] = float.PositiveInfinity;
            Array.Copy(data, (long)row * dimensions, ws.QueryDoubles, (long)i * dimensions, dimensions);
            for (var t = 0; t < dimensions; t++)
            {
                qf[(i * dimensions) + t] = (float)data[((long)row * dimensions) + t];
            }
        }

        // Lower bounds on the squared distance from each query to each group's ball.
        var groups = grouping.GroupCount;
        var lower = ws.LowerBounds;
        var nearest = ws.GroupOrder;
        var nearestBound = ws.GroupMinimum;
        if (groups > 1)
        {
            grouping.LowerBounds(qf, ws.QueryDoubles, dimensions, padded, count, ws.QueryNorms, unit, lower, ws.Tile);
            for (var g = 0; g < groups; g++)
            {
                var minimum = double.PositiveInfinity;
                for (var i = 0; i < count; i++)
                {
                    minimum = Math.Min(minimum, lower[(i * groups) + g]);
                }

                nearestBound[g] = minimum;
                nearest[g] = g;
            }

            Array.Sort(nearestBound, nearest, 0, groups);
        }
        else
        {
            nearest[0] = 0;
            nearestBound[0] = 0;
            Array.Clear(lower, 0, count);
        }

        var limits = ws.Limits;
        for (var gi = 0; gi < groups; gi++)
        {
            var g = nearest[gi];

            // The queries that still need the group (its bound is within their τ + 3E), packed into micro-kernel rows.
            var worstNeeded = double.NegativeInfinity;
            var active = ws.Active;
            var activeCount = 0;
            for (var i = 0; i < count; i++)
            {
                var reach = ws.Tau[i] + (3 * ws.Bound[i]);
                worstNeeded = Math.Max(worstNeeded, reach);
                if (groups == 1 || lower[(i * groups) + g] * (1 - 1e-9) <= reach)
                {
                    active[activeCount++] = i;
                }
            }

            if (groups > 1 && nearestBound[gi] * (1 - 1e-9) > worstNeeded)
            {
                break; // every later group is at least as far
            }

            if (activeCount == 0)
            {
                continue;
            }

            var activeValues = qf;
            if (activeCount < count)
            {
                activeValues = ws.ActiveValues;
                for (var a = 0; a < activeCount; a++)
                {
                    Array.Copy(qf, active[a] * dimensions, activeValues, a * dimensions, dimensions);
                }

                Array.Clear(activeValues, activeCount * dimensions, (((activeCount + MicroRows - 1) / MicroRows * MicroRows) - activeCount) * dimensions);
            }

            var (firstPanel, panelCount) = grouping.Panels(g);
            for (var p = firstPanel; p < firstPanel + panelCount; p++)
            {
                ScreenPanel(activeValues, dimensions, active, activeCount, grouping, p, limits, ws, referenceRows);
            }
        }

        // Finish each query: the double selection distances of the candidates, the k smallest by (distance, index),
        // exact differences, ordered.
        var ok = true;
        for (var i = 0; i < count; i++)
        {
            if (ws.CandidateCounts[i] < k)
            {
                ok = false;
                continue;
            }

            ws.Compact(i);
            var row = queryRows[order[start + i]];
            var found = ws.CandidateCounts[i];
            var candidates = ws.Candidates[i];
            if (ws.Pairs.Length < found)
            {
                ws.Pairs = new (double, int)[found];
                ws.CandidateRows = new int[found];
                ws.CandidateDistances = new double[found];
            }

            var pairs = ws.Pairs;
            var rows = ws.CandidateRows;
            for (var c = 0; c < found; c++)
            {
                rows[c] = referenceRows[candidates[c]];
            }

            SquaredDistanceBlocks.SelectionDistances(data, dimensions, norms, row, rows.AsSpan(0, found), ws.CandidateDistances);
            for (var c = 0; c < found; c++)
            {
                pairs[c] = (ws.CandidateDistances[c], candidates[c]);
            }

            Array.Sort(pairs, 0, found);
            var exact = ws.Exact;
            for (var r = 0; r < k; r++)
            {
                var reference = pairs[r].Index;
                exact[r] = (SquaredDistanceBlocks.Exact(data, dimensions, row, referenceRows[reference]), reference);
            }

            Array.Sort(exact, 0, k);
            var output = (long)order[start + i] * k;
            for (var r = 0; r < k; r++)
            {
                indices[output + r] = exact[r].Index;
                distances[output + r] = Math.Sqrt(exact[r].Distance);
            }
        }

        return ok;
    }

    /// <summary>One panel of references against the chunk's queries: float dot tiles, then the vectorised screen.</summary>
    private static void ScreenPanel(
        float[] values, int dimensions, int[] active, int activeCount, ReferenceGroups grouping, int panel, float[] limits, Workspace ws, int[] referenceRows)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            ScreenPanel512(values, dimensions, active, activeCount, grouping, panel, limits, ws, referenceRows);
            return;
        }

        var tile = ws.Tile;
        var packed = grouping.Packed;
        var panelNorms = grouping.PackedNorms;
        var panelStart = (long)panel * PanelWidth;
        ref var panelRef = ref packed[panelStart * dimensions];
        var n0 = Vector256.LoadUnsafe(ref panelNorms[panelStart]);
        var n1 = Vector256.LoadUnsafe(ref panelNorms[panelStart], 8);
        var n2 = Vector256.LoadUnsafe(ref panelNorms[panelStart], 16);
        var minusTwo = Vector256.Create(-2f);
        for (var q0 = 0; q0 < activeCount; q0 += MicroRows)
        {
            MicroKernel256(ref values[q0 * dimensions], dimensions, ref panelRef, tile);
            var rows = Math.Min(MicroRows, activeCount - q0);
            for (var r = 0; r < rows; r++)
            {
                var query = active[q0 + r];
                var limit = Vector256.Create(limits[query]);
                ref var t0 = ref tile[r * PanelWidth];
                var v0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref t0), minusTwo, n0);
                var v1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref t0, 8), minusTwo, n1);
                var v2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref t0, 16), minusTwo, n2);
                var mask = Vector256.LessThanOrEqual(v0, limit).ExtractMostSignificantBits()
                    | (Vector256.LessThanOrEqual(v1, limit).ExtractMostSignificantBits() << 8)
                    | (Vector256.LessThanOrEqual(v2, limit).ExtractMostSignificantBits() << 16);
                if (mask != 0)
                {
                    v0.StoreUnsafe(ref ws.PanelValues[0]);
                    v1.StoreUnsafe(ref ws.PanelValues[0], 8);
                    v2.StoreUnsafe(ref ws.PanelValues[0], 16);
                    Accept(ws, query, mask, panelStart, grouping.PackedReferences, referenceRows);
                }
            }
        }
    }

    /// <summary>
    /// <see cref="ScreenPanel"/> on the 512-bit kernel: each tile row is read back as the kernel stored it (16 + 8 lanes),
    /// so every load is forwarded from one store.
    /// </summary>
    private static void ScreenPanel512(
        float[] values, int dimensions, int[] active, int activeCount, ReferenceGroups grouping, int panel, float[] limits, Workspace ws, int[] referenceRows)
    {
        var tile = ws.Tile;
        var packed = grouping.Packed;
        var panelNorms = grouping.PackedNorms;
        var panelStart = (long)panel * PanelWidth;
        ref var panelRef = ref packed[panelStart * dimensions];
        var n0 = Vector512.LoadUnsafe(ref panelNorms[panelStart]);
        var n1 = Vector256.LoadUnsafe(ref panelNorms[panelStart], 16);
        for (var q0 = 0; q0 < activeCount; q0 += MicroRows)
        {
            MicroKernel512(ref values[q0 * dimensions], dimensions, ref panelRef, tile);
            var rows = Math.Min(MicroRows, activeCount - q0);
            for (var r = 0; r < rows; r++)
            {
                var query = active[q0 + r];
                ref var t0 = ref tile[r * PanelWidth];
                var v0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref t0), Vector512.Create(-2f), n0);
                var v1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref t0, 16), Vector256.Create(-2f), n1);
                var mask = (uint)Vector512.LessThanOrEqual(v0, Vector512.Create(limits[query])).ExtractMostSignificantBits()
                    | (Vector256.LessThanOrEqual(v1, Vector256.Create(limits[query])).ExtractMostSignificantBits() << 16);
                if (mask != 0)
                {
                    v0.StoreUnsafe(ref ws.PanelValues[0]);
                    v1.StoreUnsafe(ref ws.PanelValues[0], 16);
                    Accept(ws, query, mask, panelStart, grouping.PackedReferences, referenceRows);
                }
            }
        }
    }

    /// <summary>Adds the panel's references whose bit is set in <paramref name="mask"/> (values in <see cref="Workspace.PanelValues"/>) to the query's candidates.</summary>
    private static void Accept(Workspace ws, int query, uint mask, long panelStart, int[] packedReferences, int[] referenceRows)
    {
        var values = ws.PanelValues;
        var qn = (float)ws.QueryNorms[query];
        var self = ws.Self[query];
        var n = ws.CandidateCounts[query];
        var candidates = ws.Candidates[query];
        var candidateValues = ws.CandidateValues[query];
        var heap = ws.Heaps.AsSpan(query * ws.K, ws.K);
        var heapCount = ws.HeapCounts[query];
        while (mask != 0)
        {
            var j = BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            var reference = packedReferences[panelStart + j];
            if (reference < 0 || referenceRows[reference] == self)
            {
                continue;
            }

            var value = values[j] + qn;
            candidates[n] = reference;
            candidateValues[n++] = value;
            if (heapCount < heap.Length)
            {
                KSmallest.Push(heap, heapCount++, value);
            }
            else if (value < heap[0])
            {
                KSmallest.ReplaceLargest(heap, value);
            }
        }

        ws.CandidateCounts[query] = n;
        ws.HeapCounts[query] = heapCount;
        if (heapCount == heap.Length && heap[0] < ws.Tau[query])
        {
            ws.Lower(query, heap[0]);
        }

        if (n > ws.Capacity[query] - PanelWidth)
        {
            ws.Compact(query);
        }
    }

    /// <summary>tile[r, j] = q_r · p_j for 4 queries (row-major, contiguous) and one panel of 24 references (dimension-major).</summary>
    /// <remarks>
    /// Each of the 96 sums is a chain of fused multiply-adds over the dimensions in order, whatever the vector width, so
    /// both paths give the same bits.
    /// </remarks>
    internal static void MicroKernel(ref float q, int dimensions, ref float panel, float[] tile)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            MicroKernel512(ref q, dimensions, ref panel, tile);
        }
        else
        {
            MicroKernel256(ref q, dimensions, ref panel, tile);
        }
    }

    /// <summary><see cref="MicroKernel"/> with a panel as one 16-lane and one 8-lane vector: 8 FMAs per dimension, not 12.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MicroKernel512(ref float q, int dimensions, ref float panel, float[] tile)
    {
        Vector512<float> a00 = default, a10 = default, a20 = default, a30 = default;
        Vector256<float> a01 = default, a11 = default, a21 = default, a31 = default;
        ref var q1 = ref Unsafe.Add(ref q, dimensions);
        ref var q2 = ref Unsafe.Add(ref q, 2 * dimensions);
        ref var q3 = ref Unsafe.Add(ref q, 3 * dimensions);
        for (var t = 0; t < dimensions; t++)
        {
            ref var column = ref Unsafe.Add(ref panel, t * PanelWidth);
            var p0 = Vector512.LoadUnsafe(ref column);
            var p1 = Vector256.LoadUnsafe(ref column, 16);
            var x = Unsafe.Add(ref q, t);
            a00 = Vector512.FusedMultiplyAdd(Vector512.Create(x), p0, a00);
            a01 = Vector256.FusedMultiplyAdd(Vector256.Create(x), p1, a01);
            x = Unsafe.Add(ref q1, t);
            a10 = Vector512.FusedMultiplyAdd(Vector512.Create(x), p0, a10);
            a11 = Vector256.FusedMultiplyAdd(Vector256.Create(x), p1, a11);
            x = Unsafe.Add(ref q2, t);
            a20 = Vector512.FusedMultiplyAdd(Vector512.Create(x), p0, a20);
            a21 = Vector256.FusedMultiplyAdd(Vector256.Create(x), p1, a21);
            x = Unsafe.Add(ref q3, t);
            a30 = Vector512.FusedMultiplyAdd(Vector512.Create(x), p0, a30);
            a31 = Vector256.FusedMultiplyAdd(Vector256.Create(x), p1, a31);
        }

        ref var o = ref MemoryMarshal.GetArrayDataReference(tile);
        a00.StoreUnsafe(ref o);
        a01.StoreUnsafe(ref o, 16);
        a10.StoreUnsafe(ref o, 24);
        a11.StoreUnsafe(ref o, 40);
        a20.StoreUnsafe(ref o, 48);
        a21.StoreUnsafe(ref o, 64);
        a30.StoreUnsafe(ref o, 72);
        a31.StoreUnsafe(ref o, 88);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MicroKernel256(ref float q, int dimensions, ref float panel, float[] tile)
    {
        Vector256<float> a00 = default, a01 = default, a02 = default;
        Vector256<float> a10 = default, a11 = default, a12 = default;
        Vector256<float> a20 = default, a21 = default, a22 = default;
        Vector256<float> a30 = default, a31 = default, a32 = default;
        ref var q1 = ref Unsafe.Add(ref q, dimensions);
        ref var q2 = ref Unsafe.Add(ref q, 2 * dimensions);
        ref var q3 = ref Unsafe.Add(ref q, 3 * dimensions);
        for (var t = 0; t < dimensions; t++)
        {
            ref var column = ref Unsafe.Add(ref panel, t * PanelWidth);
            var p0 = Vector256.LoadUnsafe(ref column);
            var p1 = Vector256.LoadUnsafe(ref column, 8);
            var p2 = Vector256.LoadUnsafe(ref column, 16);
            var x = Vector256.Create(Unsafe.Add(ref q, t));
            a00 = Vector256.FusedMultiplyAdd(x, p0, a00);
            a01 = Vector256.FusedMultiplyAdd(x, p1, a01);
            a02 = Vector256.FusedMultiplyAdd(x, p2, a02);
            x = Vector256.Create(Unsafe.Add(ref q1, t));
            a10 = Vector256.FusedMultiplyAdd(x, p0, a10);
            a11 = Vector256.FusedMultiplyAdd(x, p1, a11);
            a12 = Vector256.FusedMultiplyAdd(x, p2, a12);
            x = Vector256.Create(Unsafe.Add(ref q2, t));
            a20 = Vector256.FusedMultiplyAdd(x, p0, a20);
            a21 = Vector256.FusedMultiplyAdd(x, p1, a21);
            a22 = Vector256.FusedMultiplyAdd(x, p2, a22);
            x = Vector256.Create(Unsafe.Add(ref q3, t));
            a30 = Vector256.FusedMultiplyAdd(x, p0, a30);
            a31 = Vector256.FusedMultiplyAdd(x, p1, a31);
            a32 = Vector256.FusedMultiplyAdd(x, p2, a32);
        }

        ref var o = ref MemoryMarshal.GetArrayDataReference(tile);
        a00.StoreUnsafe(ref o);
        a01.StoreUnsafe(ref o, 8);
        a02.StoreUnsafe(ref o, 16);
        a10.StoreUnsafe(ref o, 24);
        a11.StoreUnsafe(ref o, 32);
        a12.StoreUnsafe(ref o, 40);
        a20.StoreUnsafe(ref o, 48);
        a21.StoreUnsafe(ref o, 56);
        a22.StoreUnsafe(ref o, 64);
        a30.StoreUnsafe(ref o, 72);
        a31.StoreUnsafe(ref o, 80);
        a32.StoreUnsafe(ref o, 88);
    }

    /// <summary>Per-thread buffers for one chunk of queries.</summary>
    private sealed class Workspace
    {
        public Workspace(int dimensions, int groups, int k)
        {
            QueryValues = new float[QueryChunk * dimensions];
            QueryDoubles = new double[QueryChunk * dimensions];
            Active = new int[QueryChunk];
            ActiveValues = new float[QueryChunk * dimensions];
            QueryNorms = new double[QueryChunk];
            Bound = new double[QueryChunk];
            Self = new int[QueryChunk];
            Limits = new float[QueryChunk];
            Tile = new float[MicroRows * Math.Max(PanelWidth, ReferenceGroups.CentrePanelWidth)];
            LowerBounds = new double[QueryChunk * groups];
            GroupOrder = new int[groups];
            GroupMinimum = new double[groups];
            K = k;
            Heaps = new float[QueryChunk * k];
            HeapCounts = new int[QueryChunk];
            InitialCapacity = Math.Max(4 * k, 256) + PanelWidth;
            Tau = new double[QueryChunk];
            Capacity = new int[QueryChunk];
            Candidates = [.. Enumerable.Range(0, QueryChunk).Select(_ => new int[InitialCapacity])];
            CandidateValues = [.. Enumerable.Range(0, QueryChunk).Select(_ => new float[InitialCapacity])];
            CandidateCounts = new int[QueryChunk];
            PanelValues = new float[PanelWidth];
            Pairs = new (double, int)[InitialCapacity];
            CandidateRows = new int[InitialCapacity];
            CandidateDistances = new double[InitialCapacity];
            Exact = new (double, int)[k];
        }

        /// <summary>The neighbours searched per query.</summary>
        public int K { get; }

        public int InitialCapacity { get; }

        /// <summary>τ of each query: the k-th smallest float distance among the references it has accepted.</summary>
        public double[] Tau { get; }

        /// <summary>Each query's k smallest accepted float distances, a max-heap of <see cref="K"/> values (τ at its root once full).</summary>
        public float[] Heaps { get; }

        /// <summary>How many values each query's heap holds.</summary>
        public int[] HeapCounts { get; }

        /// <summary>Candidates a query may hold before the next compaction.</summary>
        public int[] Capacity { get; }

        public float[] PanelValues { get; }

        public float[] QueryValues { get; }

        /// <summary>The chunk's queries that need the group being visited.</summary>
        public int[] Active { get; }

        /// <summary>Their float rows, packed (the chunk's rows when every query needs the group).</summary>
        public float[] ActiveValues { get; }

        /// <summary>The chunk's query rows in double, row-major (the block bounds).</summary>
        public double[] QueryDoubles { get; }

        public double[] QueryNorms { get; }

        public double[] Bound { get; }

        public int[] Self { get; }

        public float[] Limits { get; }

        public float[] Tile { get; }

        public double[] LowerBounds { get; }

        public int[] GroupOrder { get; }

        public double[] GroupMinimum { get; }

        public int[][] Candidates { get; }

        public float[][] CandidateValues { get; }

        public int[] CandidateCounts { get; }

        public (double Distance, int Index)[] Pairs { get; set; }

        /// <summary>The candidates' rows, then their selection distances, when a query is finished.</summary>
        public int[] CandidateRows { get; set; }

        public double[] CandidateDistances { get; set; }

        public (double Distance, int Index)[] Exact { get; }

        /// <summary>τ falls to <paramref name="tau"/>: the screen's limit becomes τ + 2E − |q|² (rounded up).</summary>
        public void Lower(int query, float tau)
        {
            Tau[query] = tau;
            var limit = Tau[query] + (2 * Bound[query]) - QueryNorms[query];
            Limits[query] = MathF.BitIncrement((float)limit);
        }

        /// <summary>
        /// Drops the candidates above τ + 2E (every reference at or below it stays a candidate) and makes room for twice as
        /// many as are kept, so compactions cost O(1) per candidate.
        /// </summary>
        public void Compact(int query)
        {
            var n = CandidateCounts[query];
            var cutoff = Tau[query] + (2 * Bound[query]);
            var values = CandidateValues[query];
            var references = Candidates[query];
            var kept = 0;
            for (var c = 0; c < n; c++)
            {
                if (values[c] <= cutoff)
                {
                    values[kept] = values[c];
                    references[kept++] = references[c];
                }
            }

            CandidateCounts[query] = kept;
            var capacity = Math.Max(Capacity[query], (2 * kept) + PanelWidth);
            if (capacity > references.Length)
            {
                Array.Resize(ref Candidates[query], capacity);
                Array.Resize(ref CandidateValues[query], capacity);
            }

            Capacity[query] = capacity;
        }
    }
}
