using System.Text;

namespace PllmML.Trainers.Deep;

/// <summary>
/// The inference half of a trained scVI-style encoder: log1p of the counts → hidden layers → the latent mean
/// (scvi-tools' <c>get_latent_representation(give_mean=True)</c>). Written and read as a small binary blob so a saved
/// model carries it without TorchSharp.
/// </summary>
public sealed class LatentEncoderWeights
{
    private const string Magic = "PLLM-LATENT-ENCODER";
    private const int FormatVersion = 1;

    /// <summary>Creates and validates the weights.</summary>
    /// <param name="geneCount">Genes of the input count vector.</param>
    /// <param name="covariateCount">Categories of the covariate (species) that the first and deeper layers see one-hot; 0 when the encoder sees none.</param>
    /// <param name="layers">The hidden layers in order.</param>
    /// <param name="meanWeight">Row-major latent × last hidden width, the mean head's <c>Linear.weight</c>.</param>
    /// <param name="meanBias">The mean head's bias (its length is the latent width).</param>
    /// <exception cref="ArgumentException">The shapes do not chain.</exception>
    public LatentEncoderWeights(int geneCount, int covariateCount, IReadOnlyList<EncoderLayerWeights> layers, float[] meanWeight, float[] meanBias)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(meanWeight);
        ArgumentNullException.ThrowIfNull(meanBias);
        if (layers.Count == 0)
        {
            throw new ArgumentException("An encoder needs at least one hidden layer.", nameof(layers));
        }

        var width = geneCount;
        foreach (var layer in layers)
        {
            layer.Validate();
            if (layer.InputWidth != width || layer.CovariateCount != covariateCount)
            {
                throw new ArgumentException($"Encoder layer takes {layer.InputWidth} inputs and {layer.CovariateCount} covariates; the previous width is {width} and the encoder has {covariateCount} covariates.", nameof(layers));
            }

            width = layer.OutputWidth;
        }

        if (meanBias.Length == 0 || meanWeight.Length != (long)meanBias.Length * width || meanWeight.Concat(meanBias).Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException($"The mean head must be latent × {width} finite weights and latent finite biases (got {meanWeight.Length} and {meanBias.Length}).", nameof(meanWeight));
        }

        GeneCount = geneCount;
        CovariateCount = covariateCount;
        Layers = [.. layers];
        MeanWeight = meanWeight;
        MeanBias = meanBias;
    }

    /// <summary>Genes of the input.</summary>
    public int GeneCount { get; }

    /// <summary>Covariate categories the encoder sees (0 when none).</summary>
    public int CovariateCount { get; }

    /// <summary>The hidden layers.</summary>
    public IReadOnlyList<EncoderLayerWeights> Layers { get; }

    /// <summary>The mean head's weight, latent × last hidden width.</summary>
    public float[] MeanWeight { get; }

    /// <summary>The mean head's bias.</summary>
    public float[] MeanBias { get; }

    /// <summary>Latent dimensions.</summary>
    public int LatentDimensions => MeanBias.Length;

    /// <summary>Writes the weights (little-endian, versioned).</summary>
    /// <param name="stream">The destination.</param>
    public void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(GeneCount);
        writer.Write(CovariateCount);
        writer.Write(Layers.Count);
        foreach (var layer in Layers)
        {
            writer.Write(layer.InputWidth);
            writer.Write(layer.OutputWidth);
            writer.Write(layer.BatchNormEpsilon);
            foreach (var values in new[] { layer.Weight, layer.Bias, layer.RunningMean, layer.RunningVariance, layer.Scale, layer.Shift })
            {
                WriteArray(writer, values);
            }
        }

        WriteArray(writer, MeanWeight);
        WriteArray(writer, MeanBias);
    }

    /// <summary>Reads weights written by <see cref="Write"/>.</summary>
    /// <param name="stream">The source.</param>
    /// <exception cref="InvalidDataException">The bytes are not encoder weights, are truncated, or do not chain.</exception>
    public static LatentEncoderWeights Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException("Not latent-encoder weights (wrong header).");
            }

            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"Latent-encoder weights of format {version}; this library reads format {FormatVersion}.");
            }

            var genes = reader.ReadInt32();
            var covariates = reader.ReadInt32();
            var count = reader.ReadInt32();
            if (count is <= 0 or > 64)
            {
                throw new InvalidDataException($"Latent-encoder weights declare {count} layers.");
            }

            var layers = new List<EncoderLayerWeights>(count);
            for (var i = 0; i < count; i++)
            {
                var inputs = reader.ReadInt32();
                var outputs = reader.ReadInt32();
                var epsilon = reader.ReadSingle();
                layers.Add(new EncoderLayerWeights(
                    inputs, outputs, covariates, ReadArray(reader), ReadArray(reader), ReadArray(reader), ReadArray(reader), ReadArray(reader), ReadArray(reader), epsilon));
            }

            var meanWeight = ReadArray(reader);
            var meanBias = ReadArray(reader);
            return new LatentEncoderWeights(genes, covariates, layers, meanWeight, meanBias);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("Latent-encoder weights end early.", exception);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException($"Latent-encoder weights do not fit together: {exception.Message}", exception);
        }
    }

    /// <summary>The weights as one float vector (a model's state table entry); <see cref="ReadState"/> reads it back.</summary>
    internal void WriteState(FloatState state)
    {
        state.Add(FormatVersion);
        state.Add(GeneCount);
        state.Add(CovariateCount);
        state.Add(Layers.Count);
        foreach (var layer in Layers)
        {
            layer.WriteState(state);
        }

        state.Add(MeanWeight);
        state.Add(MeanBias);
    }

    /// <summary>Reads weights written by <see cref="WriteState"/>.</summary>
    /// <exception cref="InvalidDataException">The state ends early, has another format or does not chain.</exception>
    internal static LatentEncoderWeights ReadState(ref FloatState.Reader reader)
    {
        var version = reader.ReadCount("the encoder format");
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Network state: encoder format {version}; this library reads format {FormatVersion}.");
        }

        var genes = reader.ReadCount("the encoder's genes");
        var covariates = reader.ReadCount("the encoder's covariates");
        var count = reader.ReadCount("the encoder's layers");
        if (count is 0 or > 64)
        {
            throw new InvalidDataException($"Network state: the encoder declares {count} layers.");
        }

        var layers = new List<EncoderLayerWeights>(count);
        for (var i = 0; i < count; i++)
        {
            layers.Add(EncoderLayerWeights.ReadState(ref reader));
        }

        var meanWeight = reader.ReadArray("the mean head's weight");
        var meanBias = reader.ReadArray("the mean head's bias");
        try
        {
            return new LatentEncoderWeights(genes, covariates, layers, meanWeight, meanBias);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException($"Network state: the encoder does not fit together: {exception.Message}", exception);
        }
    }

    private static void WriteArray(BinaryWriter writer, float[] values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static float[] ReadArray(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        var left = reader.BaseStream.CanSeek ? (reader.BaseStream.Length - reader.BaseStream.Position) / sizeof(float) : long.MaxValue;
        if (length < 0 || length > left)
        {
            throw new InvalidDataException($"Latent-encoder weights declare an array of {length} values with {left} left.");
        }

        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = reader.ReadSingle();
        }

        return values;
    }
}
