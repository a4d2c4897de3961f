using PllmML.Kernels.LinearAlgebra;
using PllmML.Trainers.Deep;
using PllmML.Trainers.Integration;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.SingleCell;

/// <summary>Parameters of the whole chain; the defaults are scanpy's/Seurat's and Harmony's published ones.</summary>
public sealed class SingleCellPipelineOptions
{
    /// <summary>The default minimum gene overlap of a query.</summary>
    public const double DefaultMinimumGeneOverlap = 0.5;

    /// <summary>The default smallest share of the variable genes' loading mass a query must measure.</summary>
    public const double DefaultMinimumGeneCoverage = 0.1;

    /// <summary>The default coverage level of the prediction sets.</summary>
    public const double DefaultCoverage = 0.95;

    /// <summary>The reference species (names shared features); null for the first input.</summary>
    public string? ReferenceSpecies { get; set; }

    /// <summary>How the homology pairs become shared features.</summary>
    public HomologyStrategy HomologyStrategy { get; set; } = HomologyStrategy.OneToOne;

    /// <summary>Where the homology pairs came from (recorded in the manifest).</summary>
    public string HomologySource { get; set; } = string.Empty;

    /// <summary>Library-size target.</summary>
    public float TargetSum { get; set; } = LogNormalization.DefaultTargetSum;

    /// <summary>Highly variable genes.</summary>
    public int TopGenes { get; set; } = SeuratV3VariableGenes.DefaultTopGenes;

    /// <summary>Scaling clip value.</summary>
    public float MaxValue { get; set; } = GeneScaling.DefaultMaxValue;

    /// <summary>Principal components (at most <see cref="SingleCellColumns.MaxEmbeddingWidth"/>).</summary>
    public int Components { get; set; } = PrincipalComponents.DefaultComponents;

    /// <summary>Harmony's parameters.</summary>
    public HarmonyOptions Harmony { get; set; } = new();

    /// <summary>
    /// The deep integration network that replaces Harmony (PllmML.Deep's scVI or scANVI trainer); null for Harmony, the
    /// default. The network reads the raw counts of the variable genes; its encoder becomes the model's integration stage
    /// and, when it has one (scANVI), its classifier the model's cell-type classifier.
    /// </summary>
    public ILatentIntegrationTrainer? DeepIntegration { get; set; }

    /// <summary>Use the donor as a second Harmony covariate (needs a donor key on every input).</summary>
    public bool DonorCovariate { get; set; }

    /// <summary>Species whose labels train the classifier; null for every input with a label key.</summary>
    public IReadOnlyList<string>? TrainSpecies { get; set; }

    /// <summary>Only these labels train the classifier (for example the cell types all species share); null for all.</summary>
    public IReadOnlyList<string>? Labels { get; set; }

    /// <summary>The smallest fraction of a species' model genes a query must contain.</summary>
    public double MinimumGeneOverlap { get; set; } = DefaultMinimumGeneOverlap;

    /// <summary>The smallest share of the variable genes' PCA loading mass a query must measure (stored in the model).</summary>
    public double MinimumGeneCoverage { get; set; } = DefaultMinimumGeneCoverage;

    /// <summary>
    /// The coverage level of the prediction sets: a training-species cell's true type is in its set with this probability
    /// (per type; split-conformal, calibrated out of fold). 0 fits no calibration.
    /// </summary>
    public double Coverage { get; set; } = DefaultCoverage;

    /// <summary>Seed of every random choice (Harmony, eigen-solver start, classifier).</summary>
    public int Seed { get; set; }

    /// <summary>A deep copy (Harmony's accelerator, owned by the caller, is shared), so fitting never changes the caller's options.</summary>
    internal SingleCellPipelineOptions Copy()
    {
        var copy = (SingleCellPipelineOptions)MemberwiseClone();
        copy.Harmony = (Harmony ?? new HarmonyOptions()).Copy();
        copy.TrainSpecies = TrainSpecies is null ? null : [.. TrainSpecies];
        copy.Labels = Labels is null ? null : [.. Labels];
        return copy;
    }
}
