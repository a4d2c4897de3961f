using PllmML.TorchInterop;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PllmML.Deep;

/// <summary>
/// scvi-tools' <c>VAE</c> with observed library size (<c>scvi/module/_vae.py</c>, <c>scvi/nn/_base_components.py</c>):
/// encoder FCLayers (Linear → BatchNorm1d(ε 0.001, momentum 0.01; <see cref="ScviBatchNorm"/>) → ReLU → Dropout) on log1p(counts), mean and
/// exp-variance (+1e-4) heads; decoder FCLayers (no dropout) on [z, batch one-hot] (the one-hot injected into every
/// layer), softmax scale × library = NB mean, a dropout-logit head, and per-gene inverse dispersion exp(px_r).
/// </summary>
internal sealed class ScviNetwork : nn.Module
{
    private const double VarianceEpsilon = 1e-4;

    private readonly ModuleList<Linear> encoderLinears;
    private readonly ModuleList<ScviBatchNorm> encoderNorms;
    private readonly Dropout encoderDropout;
    private readonly Linear meanEncoder;
    private readonly Linear varianceEncoder;
    private readonly ModuleList<Linear> decoderLinears;
    private readonly ModuleList<ScviBatchNorm> decoderNorms;
    private readonly Linear scaleDecoder;
    private readonly Linear dropoutDecoder;
    private readonly Parameter px_r;

    public ScviNetwork(int genes, int batches, ScviOptions options)
        : base(nameof(ScviNetwork))
    {
        Genes = genes;
        Batches = batches;
        Options = options;
        var encoderCovariates = options.EncodeCovariates ? batches : 0;
        encoderLinears = new ModuleList<Linear>();
        encoderNorms = new ModuleList<ScviBatchNorm>();
        decoderLinears = new ModuleList<Linear>();
        decoderNorms = new ModuleList<ScviBatchNorm>();
        var width = genes;
        for (var layer = 0; layer < options.NLayers; layer++)
        {
            encoderLinears.Add(nn.Linear(width + encoderCovariates, options.NHidden));
            encoderNorms.Add(new ScviBatchNorm(options.NHidden));
            width = options.NHidden;
        }

        encoderDropout = nn.Dropout(options.DropoutRate);
        meanEncoder = nn.Linear(options.NHidden, options.NLatent);
        varianceEncoder = nn.Linear(options.NHidden, options.NLatent);
        width = options.NLatent;
        for (var layer = 0; layer < options.NLayers; layer++)
        {
            decoderLinears.Add(nn.Linear(width + batches, options.NHidden));
            decoderNorms.Add(new ScviBatchNorm(options.NHidden));
            width = options.NHidden;
        }

        scaleDecoder = nn.Linear(options.NHidden, genes);
        dropoutDecoder = nn.Linear(options.NHidden, genes);
        px_r = nn.Parameter(randn(genes));
        RegisterComponents();
    }

    public int Genes { get; }

    public int Batches { get; }

    public ScviOptions Options { get; }

    public IReadOnlyList<Linear> EncoderLinears => [.. encoderLinears];

    public IReadOnlyList<ScviBatchNorm> EncoderNorms => [.. encoderNorms];

    public Linear MeanEncoder => meanEncoder;

    /// <summary>The latent posterior's mean and variance.</summary>
    public (Tensor Mean, Tensor Variance) Encode(Tensor counts, Tensor batchOneHot)
    {
        using var scope = NewDisposeScope();
        var h = counts.log1p();
        for (var layer = 0; layer < encoderLinears.Count; layer++)
        {
            if (Options.EncodeCovariates)
            {
                h = cat([h, batchOneHot], 1);
            }

            h = encoderDropout.call(nn.functional.relu(encoderNorms[layer].call(encoderLinears[layer].call(h))));
        }

        var mean = meanEncoder.call(h);
        var variance = varianceEncoder.call(h).exp().Plus(VarianceEpsilon);
        return (mean.MoveToOuterDisposeScope(), variance.MoveToOuterDisposeScope());
    }

    /// <summary>The count distribution's NB mean, inverse dispersion and dropout logits.</summary>
    public (Tensor Rate, Tensor Theta, Tensor DropoutLogits) Decode(Tensor z, Tensor batchOneHot, Tensor logLibrary)
    {
        using var scope = NewDisposeScope();
        var h = z;
        for (var layer = 0; layer < decoderLinears.Count; layer++)
        {
            h = nn.functional.relu(decoderNorms[layer].call(decoderLinears[layer].call(cat([h, batchOneHot], 1))));
        }

        var scale = nn.functional.softmax(scaleDecoder.call(h), -1);
        var rate = logLibrary.exp() * scale;
        var dropoutLogits = dropoutDecoder.call(h);
        var theta = px_r.exp();
        return (rate.MoveToOuterDisposeScope(), theta.MoveToOuterDisposeScope(), dropoutLogits.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Per cell: the reconstruction loss −Σ_g log p(x_g | z, s) and KL(q(z|x) ‖ N(0, I)). The latent is sampled by
    /// reparameterisation, with <paramref name="noise"/> as the standard-normal draw when given.
    /// </summary>
    public (Tensor Reconstruction, Tensor Kl) Loss(Tensor counts, Tensor batches, Tensor? noise = null)
    {
        var (reconstruction, kl, _) = LossAndLatent(counts, batches, noise);
        return (reconstruction, kl);
    }

    /// <summary><see cref="Loss"/> and the sampled latent it decoded (what an adversarial classifier sees).</summary>
    public (Tensor Reconstruction, Tensor Kl, Tensor Latent) LossAndLatent(Tensor counts, Tensor batches, Tensor? noise = null)
    {
        using var scope = NewDisposeScope();
        var oneHot = nn.functional.one_hot(batches, Batches).to(counts.dtype);
        var logLibrary = counts.sum(1, keepdim: true).log();
        var (mean, variance) = Encode(counts, oneHot);
        var z = mean.Plus(variance.sqrt() * (noise ?? randn_like(mean)));
        var (rate, theta, dropoutLogits) = Decode(z, oneHot, logLibrary);
        var logLikelihood = Options.GeneLikelihood == GeneLikelihood.NegativeBinomial
            ? CountLikelihood.LogNegativeBinomial(counts, rate, theta)
            : CountLikelihood.LogZeroInflatedNegativeBinomial(counts, rate, theta, dropoutLogits);
        var reconstruction = -logLikelihood.sum(-1);
        var kl = variance.Plus(mean.Squared()).Minus(1).Minus(variance.log()).Times(0.5).sum(-1);
        return (reconstruction.MoveToOuterDisposeScope(), kl.MoveToOuterDisposeScope(), z.MoveToOuterDisposeScope());
    }
}
