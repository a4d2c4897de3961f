using PllmML.Data;
using PllmML.Trainers.Deep;
using TorchSharp;
using static TorchSharp.torch;

namespace PllmML.Deep;

/// <summary>
/// A trained scANVI network: <see cref="GetLatentRepresentation"/> (z1's posterior mean) and <see cref="PredictProbabilities"/>
/// (scvi-tools' <c>predict(soft=True)</c>) in TorchSharp; <see cref="ExportEncoder"/> and <see cref="ExportClassifier"/>
/// hand both to PllmML.Trainers' managed <see cref="LatentEncoder"/> and <see cref="LatentClassifier"/>.
/// </summary>
public sealed class ScanviModel : IDisposable
{
    private readonly ScanviNetwork _network;

    internal ScanviModel(ScanviNetwork network, ScviModel pretrained, IReadOnlyList<ScviEpoch> history, TimeSpan fitTime)
    {
        _network = network;
        Pretrained = pretrained;
        History = history;
        FitTime = fitTime;
    }

    /// <summary>The scVI phase (its network is the VAE part of this one and was trained on).</summary>
    public ScviModel Pretrained { get; }

    /// <summary>Figures of every scANVI-phase epoch (reconstruction and KL of the unlabelled loss; validation loss).</summary>
    public IReadOnlyList<ScviEpoch> History { get; }

    /// <summary>Wall time of both phases.</summary>
    public TimeSpan FitTime { get; }

    /// <summary>Cell types.</summary>
    public int LabelCount => _network.Labels;

    /// <summary>The latent mean of every cell (cells × latent, row-major).</summary>
    /// <param name="counts">Raw counts in the training genes' order.</param>
    /// <param name="batches">Each cell's batch.</param>
    public float[] GetLatentRepresentation(CsrMatrix counts, IReadOnlyList<int> batches) => Pretrained.GetLatentRepresentation(counts, batches);

    /// <summary>The classifier's probabilities of every cell (cells × types, row-major) from the latent mean, inference mode.</summary>
    /// <param name="counts">Raw counts in the training genes' order.</param>
    /// <param name="batches">Each cell's batch.</param>
    public float[] PredictProbabilities(CsrMatrix counts, IReadOnlyList<int> batches)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var latent = GetLatentRepresentation(counts, batches);
        var d = Pretrained.Options.NLatent;
        _network.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var z = tensor(latent, [counts.RowCount, d]);
        return nn.functional.softmax(_network.Classify(z), -1).contiguous().data<float>().ToArray();
    }

    /// <summary>The encoder's inference weights.</summary>
    public LatentEncoderWeights ExportEncoder() => ScviModel.ExportEncoderOf(_network.Vae);

    /// <summary>The classifier's inference weights.</summary>
    public LatentClassifierWeights ExportClassifier()
    {
        var layers = new List<EncoderLayerWeights>();
        var width = Pretrained.Options.NLatent;
        for (var l = 0; l < _network.ClassifierLinears.Count; l++)
        {
            var linear = _network.ClassifierLinears[l];
            var norm = _network.ClassifierNorms[l];
            var outputs = (int)linear.weight!.shape[0];
            layers.Add(new EncoderLayerWeights(
                width, outputs, 0, ScviModel.Values(linear.weight), ScviModel.Values(linear.bias!), ScviModel.Values(norm.RunningMean),
                ScviModel.Values(norm.RunningVariance), ScviModel.Values(norm.Weight), ScviModel.Values(norm.Bias), (float)ScviBatchNorm.Epsilon));
            width = outputs;
        }

        return new LatentClassifierWeights(Pretrained.Options.NLatent, layers, ScviModel.Values(_network.ClassifierHead.weight!), ScviModel.Values(_network.ClassifierHead.bias!));
    }

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();
}
