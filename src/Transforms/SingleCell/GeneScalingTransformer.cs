using Microsoft.ML;

namespace PllmML.Transforms.SingleCell;

/// <summary>The fitted stage 4 (see <see cref="GeneScalingEstimator"/>).</summary>
public sealed class GeneScalingTransformer : DelegatingTransformer
{
    internal GeneScalingTransformer(ITransformer inner, GeneScaling scaling)
        : base(inner) => Scaling = scaling;

    /// <summary>The fitted means and deviations.</summary>
    public GeneScaling Scaling { get; }
}
