using System.Text.Json;
using System.Text.Json.Serialization;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// What a model of format 3 keeps beside its chain to annotate queries that are not like its training cells (zip entry
/// <see cref="EntryName"/>): the reference expression each missing gene is filled with, the weight of each variable
/// gene in the projection, and (<see cref="Calibration"/>) what decides that a cell is of no type the model knows.
/// </summary>
internal sealed record AnnotationReference
{
    /// <summary>The zip entry name.</summary>
    public const string EntryName = "PllmML/annotation.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The library-size target of the log-normalisation.</summary>
    public float TargetSum { get; init; }

    /// <summary>The shared features the PCA reads (the Seurat v3 genes), ascending.</summary>
    public int[] VariableFeatures { get; init; } = [];

    /// <summary>
    /// Per variable feature, the log-normalised value that scales to the PCA's mean: a missing gene filled with it adds
    /// nothing to any component.
    /// </summary>
    public float[] ImputedLogValues { get; init; } = [];

    /// <summary>Per variable feature, its share of the squared loadings over the kept components (sums to 1).</summary>
    public float[] LoadingShares { get; init; } = [];

    /// <summary>Per variable feature, the scaling's mean of the log-normalised values.</summary>
    public float[] ScalingMeans { get; init; } = [];

    /// <summary>Per variable feature, the scaling's standard deviation.</summary>
    public float[] ScalingDeviations { get; init; } = [];

    /// <summary>The scaling's clip value.</summary>
    public float MaxValue { get; init; }

    /// <summary>The PCA's per-feature mean of the scaled values.</summary>
    public float[] PcaMean { get; init; } = [];

    /// <summary>The PCA loadings, components × variable features, row-major.</summary>
    public float[] Loadings { get; init; } = [];

    /// <summary>The variance of each component's scores.</summary>
    public double[] ComponentVariances { get; init; } = [];

    /// <summary>The residual variance per scaled gene that the kept components leave (probabilistic PCA's σ²).</summary>
    public double NoiseVariance { get; init; }

    /// <summary>Per species, how its model genes feed the shared features and each feature's mean share of a cell's library.</summary>
    public IReadOnlyList<SpeciesReference> Species { get; init; } = [];

    /// <summary>The prediction-set calibration; null for a model fitted without one.</summary>
    public ConformalCalibration? Calibration { get; init; }

    /// <summary>The entry as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses the entry.</summary>
    /// <param name="json">The JSON text.</param>
    public static AnnotationReference FromJson(string json) =>
        JsonSerializer.Deserialize<AnnotationReference>(json, Json) ?? throw new JsonException("The annotation entry is empty.");
}
