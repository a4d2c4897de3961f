using PllmML.Deep;

namespace PllmML.Pipeline.Configuration;

/// <summary>The <c>integration.scvi</c> section; names and defaults are scvi-tools' (<see cref="ScviOptions"/>).</summary>
public sealed class ScviConfiguration
{
    private static readonly ScviOptions Defaults = new();

    /// <summary>Hidden units per layer (<c>n_hidden</c>).</summary>
    public int NHidden { get; set; } = Defaults.NHidden;

    /// <summary>Latent dimensions (<c>n_latent</c>), the embedding's width.</summary>
    public int NLatent { get; set; } = Defaults.NLatent;

    /// <summary>Hidden layers (<c>n_layers</c>).</summary>
    public int NLayers { get; set; } = Defaults.NLayers;

    /// <summary>Encoder dropout (<c>dropout_rate</c>).</summary>
    public double DropoutRate { get; set; } = Defaults.DropoutRate;

    /// <summary><c>zinb</c> (default) or <c>nb</c> (<c>gene_likelihood</c>).</summary>
    public string GeneLikelihood { get; set; } = "zinb";

    /// <summary>Whether the encoder sees the species one-hot too (<c>encode_covariates</c>).</summary>
    public bool EncodeCovariates { get; set; } = Defaults.EncodeCovariates;

    /// <summary>Whether an adversarial species classifier pushes the species together in the latent (scvi-tools' <c>AdversarialTrainingPlan</c>).</summary>
    public bool AdversarialClassifier { get; set; } = Defaults.AdversarialClassifier;

    /// <summary>Weight of the adversarial terms (<c>scale_adversarial_loss</c>; null: "auto", 1 − the KL weight).</summary>
    public double? AdversarialScale { get; set; } = Defaults.AdversarialScale;

    /// <summary>Epochs (null: scvi-tools' heuristic, min(round(20000 / cells × 400), 400)).</summary>
    public int? MaxEpochs { get; set; } = Defaults.MaxEpochs;

    /// <summary>KL warm-up epochs (<c>n_epochs_kl_warmup</c>; null: none).</summary>
    public int? KlWarmupEpochs { get; set; } = Defaults.KlWarmupEpochs;

    /// <summary>Minibatch size.</summary>
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; set; } = Defaults.LearningRate;

    /// <summary>Training fraction (the rest validates).</summary>
    public double TrainFraction { get; set; } = Defaults.TrainFraction;

    /// <summary>Early stopping on the validation ELBO.</summary>
    public bool EarlyStopping { get; set; } = Defaults.EarlyStopping;

    /// <summary>libtorch threads (null: its default). The same seed and threads give the same model bit for bit.</summary>
    public int? Threads { get; set; } = Defaults.Threads;

    /// <summary>The trainer options, seeded with the run's seed.</summary>
    /// <param name="seed">The run's seed.</param>
    public ScviOptions ToOptions(int seed) => new()
    {
        NHidden = NHidden, NLatent = NLatent, NLayers = NLayers, DropoutRate = DropoutRate,
        GeneLikelihood = GeneLikelihood == "nb" ? Deep.GeneLikelihood.NegativeBinomial : Deep.GeneLikelihood.ZeroInflatedNegativeBinomial,
        EncodeCovariates = EncodeCovariates, AdversarialClassifier = AdversarialClassifier, AdversarialScale = AdversarialScale, MaxEpochs = MaxEpochs, KlWarmupEpochs = KlWarmupEpochs, BatchSize = BatchSize, LearningRate = LearningRate,
        TrainFraction = TrainFraction, EarlyStopping = EarlyStopping, Threads = Threads, Seed = seed,
    };
}
