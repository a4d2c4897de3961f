using Microsoft.ML;

namespace PllmML.Transforms.SingleCell;

/// <summary>The fitted stage 2 (see <see cref="LogNormalizingEstimator"/>).</summary>
public sealed class LogNormalizingTransformer : DelegatingTransformer
{
    internal LogNormalizingTransformer(ITransformer inner, float targetSum)
        : base(inner) => TargetSum = targetSum;

    /// <summary>The target sum.</summary>
    public float TargetSum { get; }
}
