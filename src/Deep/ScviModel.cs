using PllmML.Data;
using PllmML.Trainers.Deep;
using TorchSharp;
using static TorchSharp.torch;

namespace PllmML.Deep;

/// <summary>
/// A trained scVI network. <see cref="GetLatentRepresentation"/> is scvi-tools' <c>get_latent_representation()</c>
/// (the posterior mean, inference mode); <see cref="ExportEncoder"/> hands its encoder to PllmML.Trainers'
/// <see cref="LatentEncoder"/>, which serves the same latent without TorchSharp.
/// </summary>
public sealed class ScviModel : IDisposable
{
    private readonly ScviNetwork _network;

    internal ScviModel(ScviNetwork network, ScviOptions options, IReadOnlyList<ScviEpoch> history, TimeSpan fitTime)
    {
        _network = network;
        Options = options;
        History = history;
        FitTime = fitTime;
    }

    /// <summary>The options it was trained with.</summary>
    public ScviOptions Options { get; }

    /// <summary>Figures of every epoch run.</summary>
    public IReadOnlyList<ScviEpoch> History { get; }

    /// <summary>Wall time of the fit.</summary>
    public TimeSpan FitTime { get; }

    /// <summary>Genes of the input.</summary>
    public int GeneCount => _network.Genes;

    /// <summary>Batch categories.</summary>
    public int BatchCount => _network.Batches;

    internal ScviNetwork Network => _network;

    /// <summary>The latent mean of every cell (cells × <see cref="ScviOptions.NLatent"/>, row-major).</summary>
    /// <param name="counts">Raw counts in the training genes' order.</param>
    /// <param name="batches">Each cell's batch (used only when the encoder sees covariates).</param>
    public float[] GetLatentRepresentation(CsrMatrix counts, IReadOnlyList<int> batches)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(batches);
        if (counts.ColumnCount != GeneCount || batches.Count != counts.RowCount)
        {
            throw new ArgumentException($"The model takes {GeneCount} genes and one batch per cell; got {counts.ColumnCount} genes, {counts.RowCount} cells, {batches.Count} batches.");
        }

        var data = new ScviTrainingData(counts, batches, BatchCount);
        var latent = new float[counts.RowCount * Options.NLatent];
        _network.eval();
        using var noGrad = no_grad();
        var all = Enumerable.Range(0, counts.RowCount).ToArray();
        for (var start = 0; start < all.Length; start += 1024)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(1024, all.Length - start);
            var (x, b) = ScviTrainer.Minibatch(data, all.AsSpan(start, size), ScalarType.Float32);
            var oneHot = nn.functional.one_hot(b, BatchCount).to(ScalarType.Float32);
            var (mean, _) = _network.Encode(x, oneHot);
            mean.data<float>().CopyTo(latent.AsSpan(start * Options.NLatent, size * Options.NLatent));
        }

        return latent;
    }

    /// <summary>The encoder's inference weights (batch norm with running statistics, no dropout) for <see cref="LatentEncoder"/>.</summary>
    public LatentEncoderWeights ExportEncoder() => ExportEncoderOf(_network);

    /// <summary>The encoder of a network (scVI's, or the VAE part of scANVI's).</summary>
    internal static LatentEncoderWeights ExportEncoderOf(ScviNetwork network)
    {
        var covariates = network.Options.EncodeCovariates ? network.Batches : 0;
        var layers = new List<EncoderLayerWeights>();
        var width = network.Genes;
        for (var l = 0; l < network.EncoderLinears.Count; l++)
        {
            var linear = network.EncoderLinears[l];
            var norm = network.EncoderNorms[l];
            var outputs = (int)linear.weight!.shape[0];
            layers.Add(new EncoderLayerWeights(
                width, outputs, covariates, Values(linear.weight), Values(linear.bias!), Values(norm.RunningMean), Values(norm.RunningVariance),
                Values(norm.Weight), Values(norm.Bias), (float)ScviBatchNorm.Epsilon));
            width = outputs;
        }

        return new LatentEncoderWeights(network.Genes, covariates, layers, Values(network.MeanEncoder.weight!), Values(network.MeanEncoder.bias!));
    }

    /// <summary>Every parameter and buffer by its PyTorch name (a copy, float32), for comparison with scvi-tools' state dict.</summary>
    public IReadOnlyDictionary<string, float[]> StateDictionary() =>
        _network.state_dict().ToDictionary(pair => pair.Key, pair => Values(pair.Value), StringComparer.Ordinal);

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();

    internal static float[] Values(Tensor tensor)
    {
        using var detached = tensor.detach().to(ScalarType.Float32).contiguous();
        return detached.data<float>().ToArray();
    }
}
