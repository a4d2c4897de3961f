using PllmML.TorchInterop;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PllmML.Deep;

/// <summary>
/// The species (batch) classifier of scvi-tools' <c>AdversarialTrainingPlan</c> (<c>scvi/train/_trainingplans.py</c>):
/// <c>Classifier(n_input=n_latent, n_hidden=32, n_labels=n_batch, n_layers=2, logits=True)</c> — two FCLayers
/// (Linear → BatchNorm1d(ε 0.001, momentum 0.01) → ReLU → Dropout 0.1) and a Linear to the logits — on the sampled
/// latent. The encoder is trained to fool it (<see cref="FoolLoss"/>), and it is trained to tell the species apart
/// (<see cref="TrueLoss"/>) on the detached latent with its own Adam.
/// </summary>
internal sealed class AdversarialClassifier : nn.Module
{
    private const int Hidden = 32;
    private const int Layers = 2;
    private const double DropoutRate = 0.1;
    private const double BatchNormEpsilon = 1e-3;
    private const double BatchNormMomentum = 0.01;

    private readonly ModuleList<Linear> linears;
    private readonly ModuleList<ScviBatchNorm> norms;
    private readonly Dropout dropout;
    private readonly Linear head;

    public AdversarialClassifier(int latent, int batches)
        : base(nameof(AdversarialClassifier))
    {
        Batches = batches;
        linears = new ModuleList<Linear>();
        norms = new ModuleList<ScviBatchNorm>();
        var width = latent;
        for (var layer = 0; layer < Layers; layer++)
        {
            linears.Add(nn.Linear(width, Hidden));
            norms.Add(new ScviBatchNorm(Hidden, BatchNormEpsilon, BatchNormMomentum));
            width = Hidden;
        }

        dropout = nn.Dropout(DropoutRate);
        head = nn.Linear(Hidden, batches);
        RegisterComponents();
    }

    public int Batches { get; }

    /// <summary>
    /// <c>loss_adversarial_classifier(z, batch, predict_true_class=False)</c>: the cross-entropy against the uniform
    /// distribution over the other species, mean over the cells.
    /// </summary>
    public Tensor FoolLoss(Tensor z, Tensor batches)
    {
        using var scope = NewDisposeScope();
        var target = 1.0.Minus(nn.functional.one_hot(batches, Batches).to(z.dtype)).Times(1.0 / (Batches - 1));
        return Loss(z, target).MoveToOuterDisposeScope();
    }

    /// <summary><c>loss_adversarial_classifier(z, batch, predict_true_class=True)</c>: the cross-entropy of the true species.</summary>
    public Tensor TrueLoss(Tensor z, Tensor batches)
    {
        using var scope = NewDisposeScope();
        return Loss(z, nn.functional.one_hot(batches, Batches).to(z.dtype)).MoveToOuterDisposeScope();
    }

    private Tensor Loss(Tensor z, Tensor target)
    {
        var h = z;
        for (var layer = 0; layer < linears.Count; layer++)
        {
            h = dropout.call(nn.functional.relu(norms[layer].call(linears[layer].call(h))));
        }

        var logProbabilities = nn.functional.log_softmax(head.call(h), 1);
        return -(logProbabilities * target).sum(1).mean();
    }
}
