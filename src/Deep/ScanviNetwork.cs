using PllmML.TorchInterop;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PllmML.Deep;

/// <summary>
/// scvi-tools' <c>SCANVAE</c> on top of a trained <see cref="ScviNetwork"/> (its encoder, decoder and dispersion are
/// the VAE part, initialised from scVI as <c>SCANVI.from_scvi_model</c> does): the classifier q(y | z1) (FCLayers on the
/// latent, Linear → BatchNorm → ReLU → Dropout, then a Linear to the logits), the encoder q(z2 | z1, y) and the decoder
/// p(z1 | z2, y) (FCLayers with the label one-hot injected, Normal heads, variance = exp(head) (+1e-4 for the encoder)),
/// a uniform label prior.
/// </summary>
internal sealed class ScanviNetwork : nn.Module
{
    private const double VarianceEpsilon = 1e-4;

    private readonly ScviNetwork vae;
    private readonly ModuleList<Linear> classifierLinears;
    private readonly ModuleList<ScviBatchNorm> classifierNorms;
    private readonly Dropout classifierDropout;
    private readonly Linear classifierHead;
    private readonly Linear z2Linear;
    private readonly ScviBatchNorm z2Norm;
    private readonly Dropout z2Dropout;
    private readonly Linear z2Mean;
    private readonly Linear z2Variance;
    private readonly Linear z1Linear;
    private readonly ScviBatchNorm z1Norm;
    private readonly Linear z1Mean;
    private readonly Linear z1Variance;

    public ScanviNetwork(ScviNetwork vae, int labels, bool linearClassifier)
        : base(nameof(ScanviNetwork))
    {
        this.vae = vae;
        Labels = labels;
        var options = vae.Options;
        var latent = options.NLatent;
        var hidden = options.NHidden;
        classifierLinears = new ModuleList<Linear>();
        classifierNorms = new ModuleList<ScviBatchNorm>();
        var width = latent;
        if (!linearClassifier)
        {
            for (var layer = 0; layer < options.NLayers; layer++)
            {
                classifierLinears.Add(nn.Linear(width, hidden));
                classifierNorms.Add(new ScviBatchNorm(hidden));
                width = hidden;
            }
        }

        classifierDropout = nn.Dropout(options.DropoutRate);
        classifierHead = nn.Linear(width, labels);

        // q(z2 | z1, y) and p(z1 | z2, y): scvi-tools' Encoder / Decoder with n_cat_list = [labels], n_layers 1 here.
        z2Linear = nn.Linear(latent + labels, hidden);
        z2Norm = new ScviBatchNorm(hidden);
        z2Dropout = nn.Dropout(options.DropoutRate);
        z2Mean = nn.Linear(hidden, latent);
        z2Variance = nn.Linear(hidden, latent);
        z1Linear = nn.Linear(latent + labels, hidden);
        z1Norm = new ScviBatchNorm(hidden);
        z1Mean = nn.Linear(hidden, latent);
        z1Variance = nn.Linear(hidden, latent);
        RegisterComponents();
    }

    public int Labels { get; }

    public ScviNetwork Vae => vae;

    public IReadOnlyList<Linear> ClassifierLinears => [.. classifierLinears];

    public IReadOnlyList<ScviBatchNorm> ClassifierNorms => [.. classifierNorms];

    public Linear ClassifierHead => classifierHead;

    /// <summary>Logits of q(y | z) (scvi-tools' <c>classifier</c> with <c>logits=True</c>).</summary>
    public Tensor Classify(Tensor z)
    {
        using var scope = NewDisposeScope();
        var h = z;
        for (var layer = 0; layer < classifierLinears.Count; layer++)
        {
            h = classifierDropout.call(nn.functional.relu(classifierNorms[layer].call(classifierLinears[layer].call(h))));
        }

        return classifierHead.call(h).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Per cell, the unlabelled loss of <c>SCANVAE.loss</c>: reconstruction (−log p(x | z1) + log q(z1 | x) + Σ_y q(y|z1)
    /// (−log p(z1 | z2, y))) and KL (Σ_y q(y|z1) KL(q(z2 | z1, y) ‖ N(0, I)) + KL(q(y | z1) ‖ uniform)).
    /// </summary>
    public (Tensor Reconstruction, Tensor Kl) Loss(Tensor counts, Tensor batches)
    {
        var (reconstruction, kl, _) = LossAndLatent(counts, batches);
        return (reconstruction, kl);
    }

    /// <summary><see cref="Loss"/> and the sampled latent z1 it decoded (what an adversarial classifier sees).</summary>
    public (Tensor Reconstruction, Tensor Kl, Tensor Latent) LossAndLatent(Tensor counts, Tensor batches)
    {
        using var scope = NewDisposeScope();
        var cells = counts.shape[0];
        var oneHot = nn.functional.one_hot(batches, vae.Batches).to(counts.dtype);
        var logLibrary = counts.sum(1, keepdim: true).log();
        var (mean, variance) = vae.Encode(counts, oneHot);
        var sd = variance.sqrt();
        var z1 = mean.Plus(sd * randn_like(mean));
        var (rate, theta, dropoutLogits) = vae.Decode(z1, oneHot, logLibrary);
        var logLikelihood = vae.Options.GeneLikelihood == GeneLikelihood.NegativeBinomial
            ? CountLikelihood.LogNegativeBinomial(counts, rate, theta)
            : CountLikelihood.LogZeroInflatedNegativeBinomial(counts, rate, theta, dropoutLogits);
        var reconstruction = -logLikelihood.sum(-1);

        // broadcast_labels: every cell once per label, label-major.
        var z1s = z1.repeat(Labels, 1);
        var ys = nn.functional.one_hot(TensorArithmetic.Range(Labels).repeat_interleave(cells), Labels).to(counts.dtype);
        var h2 = z2Dropout.call(nn.functional.relu(z2Norm.call(z2Linear.call(cat([z1s, ys], 1)))));
        var q2Mean = z2Mean.call(h2);
        var q2Variance = z2Variance.call(h2).exp().Plus(VarianceEpsilon);
        var z2 = q2Mean.Plus(q2Variance.sqrt() * randn_like(q2Mean));
        var h1 = nn.functional.relu(z1Norm.call(z1Linear.call(cat([z2, ys], 1))));
        var p1Mean = z1Mean.call(h1);
        var p1Variance = z1Variance.call(h1).exp();

        var klZ2 = q2Variance.Plus(q2Mean.Squared()).Minus(1).Minus(q2Variance.log()).Times(0.5).sum(-1);
        var lossZ1Unweighted = -NormalLogDensity(z1s, p1Mean, p1Variance).sum(-1);
        var lossZ1Weighted = NormalLogDensity(z1, mean, variance).sum(-1);
        var probabilities = nn.functional.softmax(Classify(z1), -1);
        reconstruction = reconstruction.Plus(lossZ1Weighted).Plus((lossZ1Unweighted.view(Labels, cells).t() * probabilities).sum(1));
        var kl = (klZ2.view(Labels, cells).t() * probabilities).sum(1)
            .Plus((probabilities * probabilities.log().Minus(Math.Log(1.0 / Labels))).nan_to_num(0).sum(1));
        return (reconstruction.MoveToOuterDisposeScope(), kl.MoveToOuterDisposeScope(), z1.MoveToOuterDisposeScope());
    }

    /// <summary>Cross-entropy of the labelled cells' classification from the posterior mean (<c>classification_loss</c>).</summary>
    public Tensor ClassificationLoss(Tensor counts, Tensor batches, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var oneHot = nn.functional.one_hot(batches, vae.Batches).to(counts.dtype);
        var (mean, _) = vae.Encode(counts, oneHot);
        return nn.functional.cross_entropy(Classify(mean), labels).MoveToOuterDisposeScope();
    }

    private static Tensor NormalLogDensity(Tensor x, Tensor mean, Tensor variance) =>
        (-x.Minus(mean).Squared() / variance.Times(2)).Minus(variance.log().Times(0.5)).Minus(0.5 * Math.Log(2 * Math.PI));
}
