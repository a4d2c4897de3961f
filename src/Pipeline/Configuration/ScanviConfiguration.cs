using PllmML.Deep;

namespace PllmML.Pipeline.Configuration;

/// <summary>The <c>integration.scanvi</c> section; names and defaults are scvi-tools' (<see cref="ScanviOptions"/>).</summary>
public sealed class ScanviConfiguration
{
    private static readonly ScanviOptions Defaults = new();

    /// <summary>Weight of the labelled cells' cross-entropy (<c>classification_ratio</c>).</summary>
    public double ClassificationRatio { get; set; } = Defaults.ClassificationRatio;

    /// <summary>scANVI-phase epochs (null: scvi-tools' heuristic for a pretrained model, 2 … 10).</summary>
    public int? MaxEpochs { get; set; } = Defaults.MaxEpochs;

    /// <summary>KL warm-up epochs of the scANVI phase (null: none).</summary>
    public int? KlWarmupEpochs { get; set; } = Defaults.KlWarmupEpochs;

    /// <summary>A linear classifier instead of the one-hidden-layer MLP.</summary>
    public bool LinearClassifier { get; set; } = Defaults.LinearClassifier;

    /// <summary>Whether the scANVI phase trains an adversarial species classifier too (<c>SemiSupervisedAdversarialTrainingPlan</c>).</summary>
    public bool AdversarialClassifier { get; set; } = Defaults.AdversarialClassifier;

    /// <summary>Weight of the scANVI phase's adversarial terms (null: "auto", 1 − the KL weight).</summary>
    public double? AdversarialScale { get; set; } = Defaults.AdversarialScale;

    /// <summary>At most this many labelled cells of each type per epoch (<c>n_samples_per_label</c>; null: all).</summary>
    public int? SamplesPerLabel { get; set; } = Defaults.SamplesPerLabel;

    /// <summary>The trainer options.</summary>
    public ScanviOptions ToOptions() => new()
    {
        ClassificationRatio = ClassificationRatio, MaxEpochs = MaxEpochs, KlWarmupEpochs = KlWarmupEpochs, LinearClassifier = LinearClassifier,
        AdversarialClassifier = AdversarialClassifier, AdversarialScale = AdversarialScale, SamplesPerLabel = SamplesPerLabel,
    };
}
