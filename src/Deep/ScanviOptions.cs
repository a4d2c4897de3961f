namespace PllmML.Deep;

/// <summary>
/// Parameters of <see cref="ScanviTrainer"/>'s second phase, named and defaulted as scvi-tools' <c>SCANVI</c>
/// (<c>scvi/model/_scanvi.py</c>, <c>scvi/module/_scanvae.py</c>, <c>scvi/train/_trainingplans.py</c>
/// <c>SemiSupervisedTrainingPlan</c>). The first phase is scVI with <see cref="ScviOptions"/>
/// (<c>SCANVI.from_scvi_model</c>).
/// </summary>
public sealed class ScanviOptions
{
    /// <summary>Weight of the labelled cells' cross-entropy in the loss (<c>classification_ratio</c>, 50).</summary>
    public double ClassificationRatio { get; set; } = 50;

    /// <summary>
    /// Epochs of the scANVI phase; null for scvi-tools' heuristic for a pretrained model: min(10, max(2, round(scVI
    /// heuristic / 3))).
    /// </summary>
    public int? MaxEpochs { get; set; }

    /// <summary>
    /// Epochs over which the KL weight rises from 0 to 1 in the scANVI phase (the training plan's <c>n_epochs_kl_warmup</c>,
    /// 400, restarted from 0 as scvi-tools does); null for none.
    /// </summary>
    public int? KlWarmupEpochs { get; set; } = 400;

    /// <summary>
    /// Whether the scANVI phase trains a fresh adversarial species classifier on the latent z1 and the network to fool
    /// it (scvi-tools' <c>SemiSupervisedAdversarialTrainingPlan(adversarial_classifier=True)</c>, false); see
    /// <see cref="ScviOptions.AdversarialClassifier"/> for the scVI phase.
    /// </summary>
    public bool AdversarialClassifier { get; set; }

    /// <summary>Weight of the adversarial terms in this phase; null for "auto", 1 − the epoch's KL weight.</summary>
    public double? AdversarialScale { get; set; }

    /// <summary>
    /// At most this many labelled cells of each type in an epoch's labelled pool, drawn afresh every epoch
    /// (<c>n_samples_per_label</c>, null: every labelled cell); a type with fewer cells keeps them all, so rare types
    /// weigh more in the classification loss.
    /// </summary>
    public int? SamplesPerLabel { get; set; }

    /// <summary>A single linear layer as the classifier instead of scvi-tools' one-hidden-layer MLP (<c>linear_classifier</c>, false).</summary>
    public bool LinearClassifier { get; set; }

    /// <summary>The scANVI-phase epochs for this many cells.</summary>
    /// <param name="cellCount">Cells in the data.</param>
    public int EpochsFor(int cellCount) =>
        MaxEpochs ?? Math.Min(10, Math.Max(2, (int)Math.Round(new ScviOptions().EpochsFor(cellCount) / 3.0, MidpointRounding.ToEven)));

    /// <summary>A copy.</summary>
    public ScanviOptions Copy() => (ScanviOptions)MemberwiseClone();
}
