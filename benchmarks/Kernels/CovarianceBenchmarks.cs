using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using PllmML.Kernels.LinearAlgebra;

namespace PllmML.Benchmarks.Kernels;

/// <summary>
/// One block of the PCA's covariance pass: 256 cells × 2,000 genes added through
/// <c>CovarianceBlocks&lt;float&gt;.AddToCovariance</c> (the 256th row flushes the block), against the per-pair
/// <see cref="TensorPrimitives.Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/> flush it replaced, kept here as the baseline.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class CovarianceBenchmarks
{
    private const int Rows = CovarianceBlocks<float>.BlockRows;
    private float[] _data = [];
    private float[] _mean = [];
    private float[] _block = [];
    private double[] _covariance = [];
    private CovarianceBlocks<float> _sums = null!;

    /// <summary>Genes (dimensions of the covariance).</summary>
    [Params(2_000)]
    public int Genes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _data = Enumerable.Range(0, Rows * Genes).Select(_ => (float)(random.NextDouble() * 4 - 1)).ToArray();
        _sums = new CovarianceBlocks<float>(Genes);
        for (var cell = 0; cell < Rows; cell++)
        {
            _sums.AddToMean(_data.AsSpan(cell * Genes, Genes));
        }

        _mean = _sums.FinishMean();
        _block = new float[Genes * Rows];
        _covariance = new double[Genes * Genes];
    }

    /// <summary>The per-pair dot products of the old flush (one Parallel.For over i).</summary>
    [Benchmark(Baseline = true)]
    public void PerPairDotBlock()
    {
        var genes = Genes;
        for (var c = 0; c < Rows; c++)
        {
            var row = _data.AsSpan(c * genes, genes);
            for (var d = 0; d < genes; d++)
            {
                _block[(d * Rows) + c] = row[d] - _mean[d];
            }
        }

        var block = _block;
        var covariance = _covariance;
        Parallel.For(0, genes, i =>
        {
            var a = block.AsSpan(i * Rows, Rows);
            for (var j = 0; j <= i; j++)
            {
                covariance[(i * genes) + j] += double.CreateTruncating(TensorPrimitives.Dot<float>(a, block.AsSpan(j * Rows, Rows)));
            }
        });
    }

    /// <summary>The register-tiled flush of <c>CovarianceBlocks</c>.</summary>
    [Benchmark]
    public void TiledBlock()
    {
        for (var c = 0; c < Rows; c++)
        {
            _sums.AddToCovariance(_data.AsSpan(c * Genes, Genes));
        }
    }
}
