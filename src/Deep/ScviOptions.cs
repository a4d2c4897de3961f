namespace PllmML.Deep;

/// <summary>
/// Parameters of <see cref="ScviTrainer"/>, named and defaulted as scvi-tools' <c>SCVI(...)</c> and <c>train(...)</c>
/// (<c>scvi/model/_scvi.py</c>, <c>scvi/module/_vae.py</c>, <c>scvi/train/_trainingplans.py</c>).
/// </summary>
public sealed class ScviOptions
{
    /// <summary>Width of each hidden layer (<c>n_hidden</c>, 128).</summary>
    public int NHidden { get; set; } = 128;

    /// <summary>Latent dimensions (<c>n_latent</c>, 10).</summary>
    public int NLatent { get; set; } = 10;

    /// <summary>Hidden layers of encoder and decoder (<c>n_layers</c>, 1).</summary>
    public int NLayers { get; set; } = 1;

    /// <summary>Dropout of the encoder's hidden layers (<c>dropout_rate</c>, 0.1); the decoder has none, as in scvi-tools.</summary>
    public double DropoutRate { get; set; } = 0.1;

    /// <summary>The count distribution (<c>gene_likelihood</c>, "zinb").</summary>
    public GeneLikelihood GeneLikelihood { get; set; } = GeneLikelihood.ZeroInflatedNegativeBinomial;

    /// <summary>
    /// Whether the encoder also sees the batch (species) one-hot (<c>encode_covariates</c>, false): by default only
    /// the decoder is conditioned, so the latent is pushed to hold what the species label cannot explain.
    /// </summary>
    public bool EncodeCovariates { get; set; }

    /// <summary>
    /// Whether an adversarial species classifier is trained on the latent and the encoder is trained to fool it
    /// (scvi-tools' <c>AdversarialTrainingPlan(adversarial_classifier=True)</c>, false). It pushes the species together
    /// in the latent space, which the decoder's species covariate alone does not.
    /// </summary>
    public bool AdversarialClassifier { get; set; }

    /// <summary>
    /// Weight of the adversarial terms (<c>scale_adversarial_loss</c>); null for scvi-tools' "auto", 1 − the epoch's KL
    /// weight (so the adversary fades as the KL warm-up ends).
    /// </summary>
    public double? AdversarialScale { get; set; }

    /// <summary>Epochs; null for scvi-tools' heuristic min(round(20000 / cells × 400), 400).</summary>
    public int? MaxEpochs { get; set; }

    /// <summary>Cells per minibatch (<c>batch_size</c>, 128).</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Adam's learning rate (<c>lr</c>, 1e-3).</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Adam's weight decay (<c>weight_decay</c>, 1e-6).</summary>
    public double WeightDecay { get; set; } = 1e-6;

    /// <summary>Adam's ε (<c>eps</c>, 0.01).</summary>
    public double AdamEpsilon { get; set; } = 0.01;

    /// <summary>
    /// Epochs over which the KL weight rises linearly from 0 to 1 (<c>n_epochs_kl_warmup</c>, 400); null for no
    /// warm-up. The weight of epoch e (from 0) is min(1, e / warm-up).
    /// </summary>
    public int? KlWarmupEpochs { get; set; } = 400;

    /// <summary>Fraction of cells used for training; the rest is the validation set (<c>train_size</c>, 0.9).</summary>
    public double TrainFraction { get; set; } = 0.9;

    /// <summary>Stop when the validation ELBO has not improved for <see cref="EarlyStoppingPatience"/> epochs (false).</summary>
    public bool EarlyStopping { get; set; }

    /// <summary>Epochs without improvement of the validation ELBO before stopping (<c>early_stopping_patience</c>, 45).</summary>
    public int EarlyStoppingPatience { get; set; } = 45;

    /// <summary>Seed of the weights, the split, the minibatch order, dropout and the latent samples.</summary>
    public int Seed { get; set; }

    /// <summary>Threads libtorch may use; null to leave its setting alone. Same seed and threads give the same model bit for bit on CPU.</summary>
    public int? Threads { get; set; }

    /// <summary>The epochs <see cref="ScviTrainer"/> runs for this many cells.</summary>
    /// <param name="cellCount">Cells in the data.</param>
    public int EpochsFor(int cellCount) =>
        MaxEpochs ?? (int)Math.Min(Math.Round(20000.0 / Math.Max(1, cellCount) * 400), 400);

    /// <summary>", adversarial species classifier (scale …)" when one is trained, else empty: for a fit's summary.</summary>
    internal static string DescribeAdversary(bool trained, double? scale) =>
        trained ? ", adversarial species classifier (scale " + (scale is { } value ? value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "1 − KL weight") + ")" : string.Empty;

    /// <summary>A copy.</summary>
    public ScviOptions Copy() => (ScviOptions)MemberwiseClone();
}
