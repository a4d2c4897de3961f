using System.Numerics.Tensors;

namespace PllmML.Benchmarks.Integration;

/// <summary>
/// HarmonyKernels as they were before the register-blocked kernels (one TensorPrimitives call per cell and cluster),
/// kept only as the baseline of <see cref="HarmonyKernelBenchmarks"/>; Objective is Harmony.State's former loop.
/// </summary>
internal static class LegacyHarmonyKernels
{
    private const int ChunkSize = 1024;

    /// <summary>Cosine distances <c>2 (1 − yₖ·zₙ)</c> between unit centroids and unit cells.</summary>
    /// <param name="centroids">Clusters × dimensions.</param>
    /// <param name="cells">Cells × dimensions.</param>
    /// <param name="dimensions">Dimensions.</param>
    /// <param name="distances">Cells × clusters; overwritten.</param>
    public static void CosineDistances(double[] centroids, double[] cells, int dimensions, double[] distances)
    {
        ArgumentNullException.ThrowIfNull(centroids);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(distances);
        var clusters = centroids.Length / dimensions;
        var count = cells.Length / dimensions;
        ForChunks(count, (start, end) =>
        {
            for (var cell = start; cell < end; cell++)
            {
                var z = cells.AsSpan(cell * dimensions, dimensions);
                var row = distances.AsSpan(cell * clusters, clusters);
                for (var k = 0; k < clusters; k++)
                {
                    row[k] = 2 * (1 - TensorPrimitives.Dot(centroids.AsSpan(k * dimensions, dimensions), z));
                }
            }
        });
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
                TensorPrimitives.Divide(d, sigma, s);
                TensorPrimitives.Negate(s, s);
                var max = TensorPrimitives.Max(s);
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
    public static double[] WeightedSums(double[] cells, double[] assignments, int clusters, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(assignments);
        var count = cells.Length / dimensions;
        return SumOverChunks(count, clusters * dimensions, (start, end, sums) =>
        {
            for (var cell = start; cell < end; cell++)
            {
                var z = cells.AsSpan(cell * dimensions, dimensions);
                for (var k = 0; k < clusters; k++)
                {
                    var target = sums.AsSpan(k * dimensions, dimensions);
                    TensorPrimitives.MultiplyAdd(z, assignments[(cell * clusters) + k], target, target);
                }
            }
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
        double[] cells, double[] assignments, int[] levelsOfCell, int covariates, int levels, int clusters, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(levelsOfCell);
        var rows = levels + 1;
        var stride = (rows * rows) + (rows * dimensions);
        var count = cells.Length / dimensions;
        return SumOverChunks(count, clusters * stride, (start, end, sums) =>
        {
            var active = new int[covariates + 1];
            for (var cell = start; cell < end; cell++)
            {
                active[0] = 0;
                for (var c = 0; c < covariates; c++)
                {
                    active[c + 1] = levelsOfCell[(cell * covariates) + c] + 1;
                }

                var z = cells.AsSpan(cell * dimensions, dimensions);
                for (var k = 0; k < clusters; k++)
                {
                    var r = assignments[(cell * clusters) + k];
                    var offset = k * stride;
                    foreach (var i in active)
                    {
                        foreach (var j in active)
                        {
                            sums[offset + (i * rows) + j] += r;
                        }

                        var target = sums.AsSpan(offset + (rows * rows) + (i * dimensions), dimensions);
                        TensorPrimitives.MultiplyAdd(z, r, target, target);
                    }
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
        double[] cells, double[] assignments, int[] levelsOfCell, int covariates, double[] coefficients, int levels, int dimensions, double[] corrected)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(levelsOfCell);
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(corrected);
        var rows = levels + 1;
        var clusters = coefficients.Length / (rows * dimensions);
        ForChunks(cells.Length / dimensions, (start, end) =>
        {
            for (var cell = start; cell < end; cell++)
            {
                var target = corrected.AsSpan(cell * dimensions, dimensions);
                cells.AsSpan(cell * dimensions, dimensions).CopyTo(target);
                for (var c = 0; c < covariates; c++)
                {
                    var row = levelsOfCell[(cell * covariates) + c] + 1;
                    for (var k = 0; k < clusters; k++)
                    {
                        var w = coefficients.AsSpan(((k * rows) + row) * dimensions, dimensions);
                        TensorPrimitives.MultiplyAdd(w, -assignments[(cell * clusters) + k], target, target);
                    }
                }
            }
        });
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

    public static double Objective(double[] assignments, double[] distances, double[] sigma, int[] levelsOfCell, int covariates, double[] logRatio, int levels)
    {
        var k = sigma.Length;
        var n = assignments.Length / k;
        var chunks = (n + ChunkSize - 1) / ChunkSize;
        var partial = new double[chunks];
        Parallel.For(0, chunks, chunk =>
        {
            double kmeansError = 0, entropy = 0, crossEntropy = 0;
            var end = Math.Min(n, (chunk + 1) * ChunkSize);
            for (var cell = chunk * ChunkSize; cell < end; cell++)
            {
                for (var cluster = 0; cluster < k; cluster++)
                {
                    var r = assignments[(cell * k) + cluster];
                    kmeansError += r * distances[(cell * k) + cluster];
                    if (r > 0)
                    {
                        entropy += sigma[cluster] * r * Math.Log(r);
                    }

                    double w = 0;
                    for (var c = 0; c < covariates; c++)
                    {
                        w += logRatio[(cluster * levels) + levelsOfCell[(cell * covariates) + c]];
                    }

                    crossEntropy += r * sigma[cluster] * w;
                }
            }

            partial[chunk] = kmeansError + entropy + crossEntropy;
        });

        return partial.Sum();
    }
}
