using PllmML.TorchInterop;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PllmML.Deep;

/// <summary>
/// The species (batch) classifier of scvi-tools' <c>AdversarialTrainingPlan</c> (<c>scvi/train/_trainingplans.py</c>):
/// <c>Classifier(n_input=n_latent, n_hidden=32, n_labels=n_batch, n_layers=2, logits=True)</c> — two FCLayers
/// (Linear → BatchNorm1d(ε 0.001, momentum 0.01) → ReLU → Dropout 0.1) and a Linear to the logits — on the sampled
/// latent. The encoder is trained to fool it (<see cref="FoolLoss"/>), and it learns to tell the species apart
/// (<see cref="Learn"/>) on the detached latent with its own Adam (lr 1e-3, ε 0.01, the plan's weight decay).
/// </summary>
internal sealed class AdversarialClassifier : nn.Module
{
    private const int Hidden = 32;
    private const int Layers = 2;
    private const double DropoutRate = 0.1;

    private readonly ModuleList<Linear> linears;
    private readonly ModuleList<ScviBatchNorm> norms;
    private readonly Dropout dropout;
    private readonly Linear head;
    private readonly AdamOptimizer optimizer;

    private AdversarialClassifier(int latent, int batches, double weightDecay)
        : base(nameof(AdversarialClassifier))
    {
        Batches = batches;
        linears = new ModuleList<Linear>();
        norms = new ModuleList<ScviBatchNorm>();
        var width = latent;
        for (var layer = 0; layer < Layers; layer++)
        {
            linears.Add(nn.Linear(width, Hidden));
            norms.Add(new ScviBatchNorm(Hidden));
            width = Hidden;
        }

        dropout = nn.Dropout(DropoutRate);
        head = nn.Linear(Hidden, batches);
        RegisterComponents();
        optimizer = new AdamOptimizer(parameters(), 1e-3, 0.01, weightDecay);
        train();
    }

    public int Batches { get; }

    /// <summary>
    /// A classifier when <paramref name="wanted"/> and there are species to tell apart, else null. Made after the network,
    /// as the training plan makes it after the module, so the network's initial weights stay those without it.
    /// </summary>
    public static AdversarialClassifier? For(bool wanted, int latent, int batches, double weightDecay) =>
        wanted && batches > 1 ? new AdversarialClassifier(latent, batches, weightDecay) : null;

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

    /// <summary>
    /// One step of its own optimizer on κ × <c>loss_adversarial_classifier(z.detach(), batch, predict_true_class=True)</c>,
    /// the cross-entropy of the true species.
    /// </summary>
    public void Learn(Tensor z, Tensor batches, double kappa)
    {
        using var scope = NewDisposeScope();
        optimizer.ZeroGradients();
        Loss(z.detach(), nn.functional.one_hot(batches, Batches).to(z.dtype)).Times(kappa).backward();
        optimizer.Step();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            optimizer.Dispose();
        }

        base.Dispose(disposing);
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
