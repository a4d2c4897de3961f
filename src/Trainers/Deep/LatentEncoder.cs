using System.Numerics.Tensors;
using PllmML.Data;

namespace PllmML.Trainers.Deep;

/// <summary>
/// Runs a trained scVI-style encoder in managed code (System.Numerics.Tensors): log1p(counts) → (Linear →
/// BatchNorm → ReLU) per hidden layer, with the covariate one-hot injected into each layer when the encoder was trained
/// with it → the latent mean. The output equals the trained TorchSharp network's in inference mode (float32
/// rounding); serving needs no libtorch. Safe to share between threads.
/// </summary>
public sealed class LatentEncoder
{
    private readonly LatentEncoderWeights _weights;
    private readonly float[][] _batchNormFactor;
    private readonly float[][] _batchNormOffset;
    private readonly int _widest;

    /// <summary>Creates the encoder.</summary>
    /// <param name="weights">The trained weights.</param>
    public LatentEncoder(LatentEncoderWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _weights = weights;
        _batchNormFactor = new float[weights.Layers.Count][];
        _batchNormOffset = new float[weights.Layers.Count][];
        for (var l = 0; l < weights.Layers.Count; l++)
        {
            (_batchNormFactor[l], _batchNormOffset[l]) = FoldBatchNorm(weights.Layers[l]);
        }

        _widest = Math.Max(weights.GeneCount, weights.Layers.Max(layer => layer.OutputWidth));
    }

    /// <summary>The weights.</summary>
    public LatentEncoderWeights Weights => _weights;

    /// <summary>Latent dimensions.</summary>
    public int LatentDimensions => _weights.LatentDimensions;

    /// <summary>Encodes one cell.</summary>
    /// <param name="counts">Raw counts, one per gene of the encoder.</param>
    /// <param name="covariate">The cell's covariate category (species); ignored when the encoder sees no covariate.</param>
    /// <param name="latent">The latent mean; <see cref="LatentDimensions"/> values are written.</param>
    /// <exception cref="ArgumentException">Wrong lengths or covariate.</exception>
    public void Encode(ReadOnlySpan<float> counts, int covariate, Span<float> latent)
    {
        if (counts.Length != _weights.GeneCount)
        {
            throw new ArgumentException($"The encoder takes {_weights.GeneCount} genes; got {counts.Length}.", nameof(counts));
        }

        if (latent.Length < LatentDimensions)
        {
            throw new ArgumentException($"The latent needs {LatentDimensions} values; got room for {latent.Length}.", nameof(latent));
        }

        CheckCovariate(covariate);
        var current = new float[_widest];
        var next = new float[_widest];
        for (var g = 0; g < counts.Length; g++)
        {
            current[g] = MathF.Log(1 + counts[g]);
        }

        Run(current, next, covariate, latent);
    }

    /// <summary>Encodes every cell of a matrix (cells × genes) in parallel.</summary>
    /// <param name="counts">Raw counts, genes in the encoder's order.</param>
    /// <param name="covariates">Each cell's covariate category; may be null when the encoder sees no covariate.</param>
    /// <returns>Cells × latent, row-major.</returns>
    public float[] Encode(CsrMatrix counts, IReadOnlyList<int>? covariates)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.ColumnCount != _weights.GeneCount)
        {
            throw new ArgumentException($"The encoder takes {_weights.GeneCount} genes; the matrix has {counts.ColumnCount}.", nameof(counts));
        }

        if (_weights.CovariateCount > 0 && (covariates is null || covariates.Count != counts.RowCount))
        {
            throw new ArgumentException($"The encoder needs one covariate per cell ({counts.RowCount}).", nameof(covariates));
        }

        var d = LatentDimensions;
        var result = new float[counts.RowCount * d];
        Parallel.For(0, counts.RowCount, () => (new float[_widest], new float[_widest]), (cell, _, buffers) =>
        {
            var (current, next) = buffers;
            Array.Clear(current, 0, _weights.GeneCount);
            var columns = counts.RowColumns(cell);
            var values = counts.RowValues(cell);
            for (var e = 0; e < columns.Length; e++)
            {
                current[columns[e]] = MathF.Log(1 + values[e]);
            }

            var covariate = _weights.CovariateCount > 0 ? covariates![cell] : 0;
            CheckCovariate(covariate);
            Run(current, next, covariate, result.AsSpan(cell * d, d));
            return buffers;
        }, _ => { });
        return result;
    }

    /// <summary>Batch norm in inference mode as y = factor · x + offset.</summary>
    internal static (float[] Factor, float[] Offset) FoldBatchNorm(EncoderLayerWeights layer)
    {
        var factor = new float[layer.OutputWidth];
        var offset = new float[layer.OutputWidth];
        for (var o = 0; o < layer.OutputWidth; o++)
        {
            factor[o] = layer.Scale[o] / MathF.Sqrt(layer.RunningVariance[o] + layer.BatchNormEpsilon);
            offset[o] = layer.Shift[o] - (layer.RunningMean[o] * factor[o]);
        }

        return (factor, offset);
    }

    /// <summary>One hidden layer: Linear (with the covariate's one-hot column when the layer has covariates) → batch norm → ReLU into <paramref name="output"/>.</summary>
    internal static void RunLayer(EncoderLayerWeights layer, ReadOnlySpan<float> input, int covariate, Span<float> output, float[] factor, float[] offset)
    {
        var stride = layer.InputWidth + layer.CovariateCount;
        for (var o = 0; o < layer.OutputWidth; o++)
        {
            var row = layer.Weight.AsSpan(o * stride, stride);
            var value = TensorPrimitives.Dot(row[..layer.InputWidth], input) + layer.Bias[o];
            if (layer.CovariateCount > 0)
            {
                value += row[layer.InputWidth + covariate];
            }

            output[o] = value;
        }

        var result = output[..layer.OutputWidth];
        TensorPrimitives.FusedMultiplyAdd(result, factor, offset, result);
        TensorPrimitives.Max(result, 0f, result);
    }

    private void CheckCovariate(int covariate)
    {
        if (_weights.CovariateCount > 0 && (uint)covariate >= (uint)_weights.CovariateCount)
        {
            throw new ArgumentOutOfRangeException(nameof(covariate), covariate, $"The encoder knows {_weights.CovariateCount} covariate categories.");
        }
    }

    /// <summary>Scratch length for <see cref="Run"/>'s two buffers.</summary>
    internal int BufferLength => _widest;

    /// <summary>Runs the layers on log1p(counts) held in the first <see cref="LatentEncoderWeights.GeneCount"/> values of <paramref name="current"/> (both buffers are overwritten).</summary>
    internal void Run(float[] current, float[] next, int covariate, Span<float> latent)
    {
        var width = _weights.GeneCount;
        for (var l = 0; l < _weights.Layers.Count; l++)
        {
            var layer = _weights.Layers[l];
            RunLayer(layer, current.AsSpan(0, width), covariate, next, _batchNormFactor[l], _batchNormOffset[l]);
            (current, next) = (next, current);
            width = layer.OutputWidth;
        }

        var hidden = current.AsSpan(0, width);
        for (var k = 0; k < LatentDimensions; k++)
        {
            latent[k] = TensorPrimitives.Dot(_weights.MeanWeight.AsSpan(k * width, width), hidden) + _weights.MeanBias[k];
        }
    }
}
