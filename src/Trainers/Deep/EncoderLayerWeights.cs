namespace PllmML.Trainers.Deep;

/// <summary>
/// One hidden layer of a trained encoder, scvi-tools' <c>FCLayers</c> block: Linear → BatchNorm1d (running
/// statistics, inference mode) → ReLU (dropout is inactive at inference).
/// </summary>
/// <param name="InputWidth">Inputs from the previous layer (genes for the first layer), not counting covariates.</param>
/// <param name="OutputWidth">Units of the layer.</param>
/// <param name="CovariateCount">One-hot covariate columns injected after the inputs (0 when none).</param>
/// <param name="Weight">Row-major OutputWidth × (InputWidth + CovariateCount), PyTorch's <c>Linear.weight</c>.</param>
/// <param name="Bias">OutputWidth biases.</param>
/// <param name="RunningMean">Batch-norm running mean.</param>
/// <param name="RunningVariance">Batch-norm running variance.</param>
/// <param name="Scale">Batch-norm γ.</param>
/// <param name="Shift">Batch-norm β.</param>
/// <param name="BatchNormEpsilon">Batch-norm ε (scvi-tools: 0.001).</param>
public sealed record EncoderLayerWeights(
    int InputWidth, int OutputWidth, int CovariateCount, float[] Weight, float[] Bias,
    float[] RunningMean, float[] RunningVariance, float[] Scale, float[] Shift, float BatchNormEpsilon)
{
    /// <summary>Throws when an array's length does not fit the widths.</summary>
    /// <exception cref="ArgumentException">A length is wrong.</exception>
    public void Validate()
    {
        if (InputWidth <= 0 || OutputWidth <= 0 || CovariateCount < 0)
        {
            throw new ArgumentException($"Encoder layer widths must be positive (inputs {InputWidth}, outputs {OutputWidth}, covariates {CovariateCount}).");
        }

        Check(Weight, (long)OutputWidth * (InputWidth + CovariateCount), "weight");
        Check(Bias, OutputWidth, "bias");
        Check(RunningMean, OutputWidth, "running mean");
        Check(RunningVariance, OutputWidth, "running variance");
        Check(Scale, OutputWidth, "scale");
        Check(Shift, OutputWidth, "shift");
        if (!(BatchNormEpsilon > 0) || RunningVariance.Any(v => !(v >= 0)))
        {
            throw new ArgumentException("Encoder layer batch-norm ε must be positive and running variances non-negative.");
        }
    }

    /// <summary>Appends the layer to a network state.</summary>
    internal void WriteState(FloatState state)
    {
        state.Add(InputWidth);
        state.Add(OutputWidth);
        state.Add(CovariateCount);
        state.Add(BatchNormEpsilon);
        foreach (var values in new[] { Weight, Bias, RunningMean, RunningVariance, Scale, Shift })
        {
            state.Add(values);
        }
    }

    /// <summary>Reads a layer written by <see cref="WriteState"/>.</summary>
    /// <exception cref="InvalidDataException">The state ends early or the layer does not fit together.</exception>
    internal static EncoderLayerWeights ReadState(ref FloatState.Reader reader)
    {
        var layer = new EncoderLayerWeights(
            reader.ReadCount("a layer's input width"), reader.ReadCount("a layer's output width"), reader.ReadCount("a layer's covariates"), [], [], [], [], [], [], 0)
        {
            BatchNormEpsilon = reader.ReadSingle("a layer's batch-norm epsilon"),
        };
        layer = layer with
        {
            Weight = reader.ReadArray("a layer's weight"), Bias = reader.ReadArray("a layer's bias"), RunningMean = reader.ReadArray("a layer's running mean"),
            RunningVariance = reader.ReadArray("a layer's running variance"), Scale = reader.ReadArray("a layer's scale"), Shift = reader.ReadArray("a layer's shift"),
        };
        try
        {
            layer.Validate();
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException($"Network state: {exception.Message}", exception);
        }

        return layer;
    }

    private static void Check(float[] values, long length, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Length != length)
        {
            throw new ArgumentException($"Encoder layer {name} has {values.Length} values; expected {length}.");
        }

        if (values.Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException($"Encoder layer {name} has a value that is not finite.");
        }
    }
}
