namespace PllmML.Trainers.Deep;

/// <summary>
/// The inference half of scANVI's classifier (scvi-tools' <c>Classifier</c> on the latent mean): hidden layers
/// (Linear → BatchNorm1d with running statistics → ReLU; dropout is inactive at inference) and a Linear head giving
/// one logit per cell type; the probabilities are their softmax (scvi-tools' <c>predict(soft=True)</c>).
/// </summary>
public sealed class LatentClassifierWeights
{
    private const int FormatVersion = 1;

    /// <summary>Creates and validates the weights.</summary>
    /// <param name="latentDimensions">Width of the latent the classifier reads.</param>
    /// <param name="layers">Hidden layers in order (no covariates); empty for a linear classifier.</param>
    /// <param name="outputWeight">Row-major cell types × last hidden width (or latent width), the head's <c>Linear.weight</c>.</param>
    /// <param name="outputBias">The head's bias, one per cell type (at least two).</param>
    /// <exception cref="ArgumentException">The shapes do not chain.</exception>
    public LatentClassifierWeights(int latentDimensions, IReadOnlyList<EncoderLayerWeights> layers, float[] outputWeight, float[] outputBias)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(outputWeight);
        ArgumentNullException.ThrowIfNull(outputBias);
        var width = latentDimensions;
        foreach (var layer in layers)
        {
            layer.Validate();
            if (layer.InputWidth != width || layer.CovariateCount != 0)
            {
                throw new ArgumentException($"Classifier layer takes {layer.InputWidth} inputs and {layer.CovariateCount} covariates; the previous width is {width} and the classifier sees no covariate.", nameof(layers));
            }

            width = layer.OutputWidth;
        }

        if (latentDimensions <= 0 || outputBias.Length < 2 || outputWeight.Length != (long)outputBias.Length * width
            || outputWeight.Concat(outputBias).Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException($"The classifier head must be types × {width} finite weights and at least two finite biases (got {outputWeight.Length} and {outputBias.Length}).", nameof(outputWeight));
        }

        LatentDimensions = latentDimensions;
        Layers = [.. layers];
        OutputWeight = outputWeight;
        OutputBias = outputBias;
    }

    /// <summary>Latent dimensions it reads.</summary>
    public int LatentDimensions { get; }

    /// <summary>The hidden layers.</summary>
    public IReadOnlyList<EncoderLayerWeights> Layers { get; }

    /// <summary>The head's weight, types × last hidden width.</summary>
    public float[] OutputWeight { get; }

    /// <summary>The head's bias.</summary>
    public float[] OutputBias { get; }

    /// <summary>Cell types (outputs).</summary>
    public int ClassCount => OutputBias.Length;

    /// <summary>Appends the weights to a network state.</summary>
    internal void WriteState(FloatState state)
    {
        state.Add(FormatVersion);
        state.Add(LatentDimensions);
        state.Add(Layers.Count);
        foreach (var layer in Layers)
        {
            layer.WriteState(state);
        }

        state.Add(OutputWeight);
        state.Add(OutputBias);
    }

    /// <summary>Reads weights written by <see cref="WriteState"/>.</summary>
    /// <exception cref="InvalidDataException">The state ends early, has another format or does not chain.</exception>
    internal static LatentClassifierWeights ReadState(ref FloatState.Reader reader)
    {
        var version = reader.ReadCount("the classifier format");
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Network state: classifier format {version}; this library reads format {FormatVersion}.");
        }

        var latent = reader.ReadCount("the classifier's latent width");
        var count = reader.ReadCount("the classifier's layers");
        if (count > 64)
        {
            throw new InvalidDataException($"Network state: the classifier declares {count} layers.");
        }

        var layers = new List<EncoderLayerWeights>(count);
        for (var i = 0; i < count; i++)
        {
            layers.Add(EncoderLayerWeights.ReadState(ref reader));
        }

        var weight = reader.ReadArray("the classifier head's weight");
        var bias = reader.ReadArray("the classifier head's bias");
        try
        {
            return new LatentClassifierWeights(latent, layers, weight, bias);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException($"Network state: the classifier does not fit together: {exception.Message}", exception);
        }
    }
}
