using PllmML.Transforms.SingleCell;

namespace PllmML.Pipeline.Configuration;

/// <summary>The <c>scaling</c> section.</summary>
public sealed class ScalingConfiguration
{
    /// <summary>Scaled values are clipped at this value.</summary>
    public float MaxValue { get; set; } = GeneScaling.DefaultMaxValue;
}
