using System.Numerics.Tensors;

namespace PllmML.Trainers.Deep;

/// <summary>
/// Runs scANVI's trained classifier in managed code: latent mean → (Linear → BatchNorm → ReLU) per hidden layer →
/// logits → softmax. Equals the trained network's <c>softmax(classify(x))</c> in inference mode within float32
/// rounding. Safe to share between threads.
/// </summary>
public sealed class LatentClassifier
{
    private readonly LatentClassifierWeights _weights;
    private readonly float[][] _factor;
    private readonly float[][] _offset;
    private readonly int _widest;

    /// <summary>Creates the classifier.</summary>
    /// <param name="weights">The trained weights.</param>
    public LatentClassifier(LatentClassifierWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _weights = weights;
        _factor = new float[weights.Layers.Count][];
        _offset = new float[weights.Layers.Count][];
        _widest = weights.LatentDimensions;
        for (var l = 0; l < weights.Layers.Count; l++)
        {
            var layer = weights.Layers[l];
            (_factor[l], _offset[l]) = LatentEncoder.FoldBatchNorm(layer);
            _widest = Math.Max(_widest, layer.OutputWidth);
        }
    }

    /// <summary>The weights.</summary>
    public LatentClassifierWeights Weights => _weights;

    /// <summary>Cell types.</summary>
    public int ClassCount => _weights.ClassCount;

    /// <summary>The probabilities of each cell type for one latent mean.</summary>
    /// <param name="latent">The latent mean (<see cref="LatentClassifierWeights.LatentDimensions"/> values).</param>
    /// <param name="probabilities">Written with <see cref="ClassCount"/> probabilities summing to 1.</param>
    /// <exception cref="ArgumentException">Wrong lengths.</exception>
    public void Predict(ReadOnlySpan<float> latent, Span<float> probabilities)
    {
        if (latent.Length != _weights.LatentDimensions || probabilities.Length < ClassCount)
        {
            throw new ArgumentException($"The classifier reads {_weights.LatentDimensions} latent values and writes {ClassCount} probabilities; got {latent.Length} and room for {probabilities.Length}.");
        }

        var current = new float[_widest];
        var next = new float[_widest];
        latent.CopyTo(current);
        var width = latent.Length;
        for (var l = 0; l < _weights.Layers.Count; l++)
        {
            var layer = _weights.Layers[l];
            LatentEncoder.RunLayer(layer, current.AsSpan(0, width), 0, next, _factor[l], _offset[l]);
            (current, next) = (next, current);
            width = layer.OutputWidth;
        }

        var hidden = current.AsSpan(0, width);
        var logits = probabilities[..ClassCount];
        for (var k = 0; k < ClassCount; k++)
        {
            logits[k] = TensorPrimitives.Dot(_weights.OutputWeight.AsSpan(k * width, width), hidden) + _weights.OutputBias[k];
        }

        TensorPrimitives.Subtract(logits, TensorPrimitives.Max(logits), logits);
        TensorPrimitives.Exp(logits, logits);
        TensorPrimitives.Divide(logits, TensorPrimitives.Sum(logits), logits);
    }
}
