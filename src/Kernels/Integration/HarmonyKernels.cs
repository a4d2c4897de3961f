using System.Numerics.Tensors;

namespace PllmML.Kernels.Integration;

/// <summary>
/// The hot loops of Harmony on the CPU, over cells stored row-major (cell × dimension) and soft assignments stored
/// cell × cluster. Work is split into fixed chunks of cells and partial sums are merged in chunk order, so results
/// do not depend on the number of threads or their timing.
/// </summary>
public static class HarmonyKernels
{
    /// <summary>Cells per parallel chunk.</summary>
    public const int ChunkSize = 1024;

    /// <summary>Cosine distances <c>2 (1 − yₖ·zₙ)</c> between unit centroids and unit cells.</summary>
    /// <param name="centroids">Clusters × dimensions.</param>
    /// <param name="cells">Cells × dimensions.</param>
    /// <param name="dimensions">Dimensions.</param>
    /// <param name="distances">Cells × clusters; overwritten.</param>
    public static void CosineDistances(double[] centroids, double[] cells, int dimensions, double[] distances) =>
        CosineDistancesCore(centroids, cells, dimensions, distances, HarmonyBlocks.Vectorised);

    internal static void CosineDistancesCore(double[] centroids, double[] cells, int dimensions, double[] distances, bool vector)
    {
        ArgumentNullException.ThrowIfNull(centroids);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(distances);
        var clusters = centroids.Length / dimensions;
        var count = cells.Length / dimensions;
        var padded = HarmonyBlocks.RoundUp(clusters, HarmonyBlocks.CosineWide);
        var transposed = new double[dimensions * padded];
        for (var k = 0; k < clusters; k++)
        {
            for (var j = 0; j < dimensions; j++)
            {
                transposed[(j * padded) + k] = centroids[(k * dimensions) + j];
            }
        }

        ForChunks(count, (start, end) => HarmonyBlocks.CosineRows(cells, dimensions, start, end, transposed, padded, clusters, distances, vector));
    }

    /// <summary>
    /// Per cell, <c>exp(−dₖ/σₖ − maxₖ(−dₖ/σₖ))</c>: the unnormalised soft assignment before the diversity penalty.
    /// </summary>
    /// <param name="distances">Cells × clusters.</param>
    /// <param name="sigma">Per-cluster bandwidth.</param>
    /// <param name="scaled">Cells × clusters; overwritten.</param>
    public static void ScaledExponentials(double[] distances, double[] sigma, double[] scaled)
    {
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(sigma);
        ArgumentNullException.ThrowIfNull(scaled);
        var clusters = sigma.Length;
        ForChunks(distances.Length / clusters, (start, end) =>
        {
            for (var cell = start; cell < end; cell++)
            {
                var d = distances.AsSpan(cell * clusters, clusters);
                var s = scaled.AsSpan(cell * clusters, clusters);
                var max = HarmonyBlocks.NegatedQuotients(d, sigma, s);
                TensorPrimitives.Subtract(s, max, s);
                TensorPrimitives.Exp(s, s);
            }
        });
    }

    /// <summary>Cluster sums <c>Σₙ Rₙₖ zₙ</c> (clusters × dimensions).</summary>
    /// <param name="cells">Cells × dimensions.</param>
    /// <param name="assignments">Cells × clusters.</param>
    /// <param name="clusters">Clusters.</param>
    /// <param name="dimensions">Dimensions.</param>
    public static double[] WeightedSums(double[] cells, double[] assignments, int clusters, int dimensions) =>
        WeightedSumsCore(cells, assignments, clusters, dimensions, HarmonyBlocks.Vectorised);

    internal static double[] WeightedSumsCore(double[] cells, double[] assignments, int clusters, int dimensions, bool vector)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(assignments);
        var count = cells.Length / dimensions;
        return SumOverChunks(count, clusters * dimensions, (start, end, sums) =>
        {
            var packer = new Packer(cells, assignments, clusters, dimensions);
            var cellsOfChunk = new int[end - start];
            for (var i = 0; i < cellsOfChunk.Length; i++)
            {
                cellsOfChunk[i] = start + i;
            }

            packer.Sum(cellsOfChunk, vector);
            packer.CopySums(sums, 0, dimensions);
        });
    }

    /// <summary>
    /// The ridge statistics of the mixture-of-experts correction for every cluster at once: for cluster k,
    /// <c>Gₖ = Φ diag(Rₖ) Φᵀ</c> ((levels+1)²) and <c>Sₖ = Φ diag(Rₖ) Zᵀ</c> ((levels+1) × dimensions), where Φ holds an
    /// intercept row and one row per covariate level and each cell has exactly one level per covariate.
    /// </summary>
    /// <param name="cells">Cells × dimensions (uncorrected).</param>
    /// <param name="assignments">Cells × clusters.</param>
    /// <param name="levelsOfCell">Cells × covariates: each cell's level index (0-based, over all covariates' levels).</param>
    /// <param name="covariates">Covariates per cell.</param>
    /// <param name="levels">Total levels over all covariates.</param>
    /// <param name="clusters">Clusters.</param>
    /// <param name="dimensions">Dimensions.</param>
    /// <returns>For each cluster, G then S, flattened: clusters × ((levels+1)² + (levels+1) × dimensions).</returns>
    public static double[] RidgeStatistics(
        double[] cells, double[] assignments, int[] levelsOfCell, int covariates, int levels, int clusters, int dimensions) =>
        RidgeStatisticsCore(cells, assignments, levelsOfCell, covariates, levels, clusters, dimensions, HarmonyBlocks.Vectorised);

    internal static double[] RidgeStatisticsCore(
        double[] cells, double[] assignments, int[] levelsOfCell, int covariates, int levels, int clusters, int dimensions, bool vector)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(levelsOfCell);
        var rows = levels + 1;
        var stride = (rows * rows) + (rows * dimensions);
        var count = cells.Length / dimensions;
        return SumOverChunks(count, clusters * stride, (start, end, sums) =>
        {
            // G, cluster-minor ((i·rows + j) × clusters) so that each cell adds whole assignment rows; the same additions
            // in the same order as one scalar sum per entry.
            var gram = new double[rows * rows * clusters];
            var active = new int[covariates + 1];
            for (var cell = start; cell < end; cell++)
            {
                active[0] = 0;
                for (var c = 0; c < covariates; c++)
                {
                    active[c + 1] = levelsOfCell[(cell * covariates) + c] + 1;
                }

                var r = assignments.AsSpan(cell * clusters, clusters);
                foreach (var i in active)
                {
                    foreach (var j in active)
                    {
                        var target = gram.AsSpan(((i * rows) + j) * clusters, clusters);
                        TensorPrimitives.Add(target, r, target);
                    }
                }
            }

            for (var k = 0; k < clusters; k++)
            {
                for (var entry = 0; entry < rows * rows; entry++)
                {
                    sums[(k * stride) + entry] = gram[(entry * clusters) + k];
                }
            }

            // S: the intercept row sums over every cell of the chunk, level ℓ's row over the chunk's cells of level ℓ
            // (gathered in cell order).
            var packer = new Packer(cells, assignments, clusters, dimensions);
            var members = MembersByLevel(levelsOfCell, covariates, levels, start, end);
            packer.Sum(members.Cells.AsSpan(0, end - start), vector);
            packer.CopySums(sums, rows * rows, stride);
            for (var level = 0; level < levels; level++)
            {
                var ofLevel = members.Cells.AsSpan(members.Starts[level], members.Starts[level + 1] - members.Starts[level]);
                if (ofLevel.Length > 0)
                {
                    packer.Sum(ofLevel, vector);
                    packer.CopySums(sums, (rows * rows) + ((level + 1) * dimensions), stride);
                }
            }
        });
    }

    /// <summary>
    /// Applies the correction <c>zₙ − Σₖ Rₙₖ Σ_{levels ℓ of n} Wₖ[ℓ]</c> to every cell.
    /// </summary>
    /// <param name="cells">Cells × dimensions (uncorrected).</param>
    /// <param name="assignments">Cells × clusters.</param>
    /// <param name="levelsOfCell">Cells × covariates level indices.</param>
    /// <param name="covariates">Covariates per cell.</param>
    /// <param name="coefficients">Clusters × (levels+1) × dimensions; row 0 (intercept) is not applied.</param>
    /// <param name="levels">Total levels.</param>
    /// <param name="dimensions">Dimensions.</param>
    /// <param name="corrected">Cells × dimensions; overwritten.</param>
    public static void Correct(
        double[] cells, double[] assignments, int[] levelsOfCell, int covariates, double[] coefficients, int levels, int dimensions, double[] corrected) =>
        CorrectCore(cells, assignments, levelsOfCell, covariates, coefficients, levels, dimensions, corrected, HarmonyBlocks.Vectorised);

    internal static void CorrectCore(
        double[] cells, double[] assignments, int[] levelsOfCell, int covariates, double[] coefficients, int levels, int dimensions, double[] corrected, bool vector)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(levelsOfCell);
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(corrected);
        var rows = levels + 1;
        var clusters = coefficients.Length / (rows * dimensions);
        var padded = HarmonyBlocks.RoundUp(dimensions, HarmonyBlocks.Lanes);

        // Per level, its coefficients of every cluster as one zero-padded clusters × dimensions panel.
        var panels = new double[levels][];
        for (var level = 0; level < levels; level++)
        {
            var panel = panels[level] = new double[clusters * padded];
            for (var k = 0; k < clusters; k++)
            {
                coefficients.AsSpan(((k * rows) + level + 1) * dimensions, dimensions).CopyTo(panel.AsSpan(k * padded, dimensions));
            }
        }

        ForChunks(cells.Length / dimensions, (start, end) =>
        {
            cells.AsSpan(start * dimensions, (end - start) * dimensions).CopyTo(corrected.AsSpan(start * dimensions));
            var x = new double[Block * padded];
            var r = new double[Block * clusters];
            var members = new int[end - start];
            for (var c = 0; c < covariates; c++)
            {
                for (var level = 0; level < levels; level++)
                {
                    var found = 0;
                    for (var cell = start; cell < end; cell++)
                    {
                        if (levelsOfCell[(cell * covariates) + c] == level)
                        {
                            members[found++] = cell;
                        }
                    }

                    for (var first = 0; first < found; first += Block)
                    {
                        var block = members.AsSpan(first, Math.Min(Block, found - first));
                        Array.Clear(x);
                        Array.Clear(r);
                        for (var i = 0; i < block.Length; i++)
                        {
                            corrected.AsSpan(block[i] * dimensions, dimensions).CopyTo(x.AsSpan(i * padded));
                            assignments.AsSpan(block[i] * clusters, clusters).CopyTo(r.AsSpan(i * clusters));
                        }

                        HarmonyBlocks.SubtractProduct(x, r, HarmonyBlocks.RoundUp(block.Length, 4), clusters, panels[level], padded, vector);
                        for (var i = 0; i < block.Length; i++)
                        {
                            x.AsSpan(i * padded, dimensions).CopyTo(corrected.AsSpan(block[i] * dimensions));
                        }
                    }
                }
            }
        });
    }

    /// <summary>
    /// Harmony's objective <c>Σₙₖ Rₙₖ dₙₖ + σₖ Rₙₖ log Rₙₖ + σₖ Rₙₖ Σ_c ratioₖ[ℓ_c(n)]</c> (k-means error, entropy, cross-entropy),
    /// with <c>0 log 0 = 0</c>; summed per chunk of cells and then in chunk order.
    /// </summary>
    /// <param name="assignments">Cells × clusters.</param>
    /// <param name="distances">Cells × clusters.</param>
    /// <param name="sigma">Per-cluster bandwidth.</param>
    /// <param name="levelsOfCell">Cells × covariates level indices.</param>
    /// <param name="covariates">Covariates per cell.</param>
    /// <param name="logRatio">Clusters × levels: θ log((O+1)/(E+1)).</param>
    /// <param name="levels">Total levels.</param>
    public static double Objective(
        double[] assignments, double[] distances, double[] sigma, int[] levelsOfCell, int covariates, double[] logRatio, int levels) =>
        ObjectiveCore(assignments, distances, sigma, levelsOfCell, covariates, logRatio, levels, HarmonyBlocks.Vectorised);

    internal static double ObjectiveCore(
        double[] assignments, double[] distances, double[] sigma, int[] levelsOfCell, int covariates, double[] logRatio, int levels, bool vector)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(sigma);
        ArgumentNullException.ThrowIfNull(levelsOfCell);
        ArgumentNullException.ThrowIfNull(logRatio);
        var clusters = sigma.Length;
        var ratioByLevel = new double[levels * clusters];
        for (var k = 0; k < clusters; k++)
        {
            for (var level = 0; level < levels; level++)
            {
                ratioByLevel[(level * clusters) + k] = logRatio[(k * levels) + level];
            }
        }

        var count = assignments.Length / clusters;
        var chunks = (count + ChunkSize - 1) / ChunkSize;
        var partial = new double[chunks];
        Parallel.For(0, chunks, chunk => partial[chunk] = HarmonyBlocks.ObjectiveRows(
            assignments, distances, sigma, levelsOfCell, covariates, ratioByLevel, chunk * ChunkSize, Math.Min(count, (chunk + 1) * ChunkSize), vector));
        var total = 0.0;
        foreach (var value in partial)
        {
            total += value;
        }

        return total;
    }

    /// <summary>Scales every cell to unit Euclidean length (zero cells stay zero).</summary>
    /// <param name="cells">Cells × dimensions.</param>
    /// <param name="dimensions">Dimensions.</param>
    /// <param name="normalised">Cells × dimensions; may be <paramref name="cells"/>.</param>
    public static void NormaliseRows(double[] cells, int dimensions, double[] normalised)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(normalised);
        ForChunks(cells.Length / dimensions, (start, end) =>
        {
            for (var cell = start; cell < end; cell++)
            {
                var source = cells.AsSpan(cell * dimensions, dimensions);
                var norm = TensorPrimitives.Norm(source);
                TensorPrimitives.Multiply(source, norm > 0 ? 1 / norm : 0, normalised.AsSpan(cell * dimensions, dimensions));
            }
        });
    }

    /// <summary>Cells packed per call of a micro-kernel (their rows stay in L2 while every tile sweeps them).</summary>
    private const int Block = 256;

    /// <summary>The chunk's cells grouped by level (over all covariates), each group in cell order, then all cells in order.</summary>
    private static (int[] Cells, int[] Starts) MembersByLevel(int[] levelsOfCell, int covariates, int levels, int start, int end)
    {
        var starts = new int[levels + 1];
        for (var cell = start; cell < end; cell++)
        {
            for (var c = 0; c < covariates; c++)
            {
                starts[levelsOfCell[(cell * covariates) + c] + 1]++;
            }
        }

        for (var level = 0; level < levels; level++)
        {
            starts[level + 1] += starts[level];
        }

        // The whole chunk first (the intercept's group), then the levels' groups after it.
        var all = end - start;
        var cells = new int[all + starts[levels]];
        var next = new int[levels];
        for (var level = 0; level < levels; level++)
        {
            next[level] = all + starts[level];
        }

        for (var cell = start; cell < end; cell++)
        {
            cells[cell - start] = cell;
            for (var c = 0; c < covariates; c++)
            {
                cells[next[levelsOfCell[(cell * covariates) + c]]++] = cell;
            }
        }

        for (var level = 0; level <= levels; level++)
        {
            starts[level] += all;
        }

        return (cells, starts);
    }

    /// <summary>
    /// Gathers cells' rows and assignment rows into zero-padded blocks and accumulates Rᵀ Z over them with
    /// <see cref="HarmonyBlocks.AccumulateWeighted"/>.
    /// </summary>
    private sealed class Packer(double[] cells, double[] assignments, int clusters, int dimensions)
    {
        private readonly int _paddedClusters = HarmonyBlocks.RoundUp(clusters, HarmonyBlocks.Lanes);
        private readonly int _paddedDimensions = HarmonyBlocks.RoundUp(dimensions, HarmonyBlocks.Lanes);
        private readonly double[] _z = new double[Block * HarmonyBlocks.RoundUp(dimensions, HarmonyBlocks.Lanes)];
        private readonly double[] _r = new double[Block * HarmonyBlocks.RoundUp(clusters, HarmonyBlocks.Lanes)];
        private readonly double[] _sums = new double[HarmonyBlocks.RoundUp(clusters, HarmonyBlocks.Lanes) * HarmonyBlocks.RoundUp(dimensions, HarmonyBlocks.Lanes)];

        /// <summary>Sets the sums to Σ over <paramref name="members"/> (in order) of Rₙₖ zₙ.</summary>
        public void Sum(ReadOnlySpan<int> members, bool vector)
        {
            Array.Clear(_sums);
            for (var first = 0; first < members.Length; first += Block)
            {
                var count = Math.Min(Block, members.Length - first);
                for (var i = 0; i < count; i++)
                {
                    var cell = members[first + i];
                    cells.AsSpan(cell * dimensions, dimensions).CopyTo(_z.AsSpan(i * _paddedDimensions));
                    assignments.AsSpan(cell * clusters, clusters).CopyTo(_r.AsSpan(i * _paddedClusters));
                }

                HarmonyBlocks.AccumulateWeighted(_z, _r, count, _paddedClusters, _paddedDimensions, _sums, vector);
            }
        }

        /// <summary>Writes cluster k's sums to <c>target[offset + k·stride …]</c>.</summary>
        public void CopySums(double[] target, int offset, int stride)
        {
            for (var k = 0; k < clusters; k++)
            {
                _sums.AsSpan(k * _paddedDimensions, dimensions).CopyTo(target.AsSpan(offset + (k * stride)));
            }
        }
    }

    private static void ForChunks(int count, Action<int, int> body)
    {
        var chunks = (count + ChunkSize - 1) / ChunkSize;
        Parallel.For(0, chunks, chunk => body(chunk * ChunkSize, Math.Min(count, (chunk + 1) * ChunkSize)));
    }

    private static double[] SumOverChunks(int count, int length, Action<int, int, double[]> body)
    {
        var chunks = (count + ChunkSize - 1) / ChunkSize;
        var partial = new double[chunks][];
        Parallel.For(0, chunks, chunk =>
        {
            var sums = new double[length];
            body(chunk * ChunkSize, Math.Min(count, (chunk + 1) * ChunkSize), sums);
            partial[chunk] = sums;
        });
        var total = new double[length];
        foreach (var sums in partial)
        {
            TensorPrimitives.Add(total, sums, total);
        }

        return total;
    }
}
