using PllmML.Transforms.SingleCell;

namespace PllmML.Pipeline.Configuration;

/// <summary>The <c>normalization</c> section.</summary>
public sealed class NormalizationConfiguration
{
    /// <summary>Counts per cell after normalisation.</summary>
    public float TargetSum { get; set; } = LogNormalization.DefaultTargetSum;
}
