using Microsoft.ML;

namespace PllmML.Transforms.SingleCell;

/// <summary>The fitted stage 1 (see <see cref="SharedGeneSpaceEstimator"/>).</summary>
public sealed class SharedGeneSpaceTransformer : DelegatingTransformer
{
    internal SharedGeneSpaceTransformer(ITransformer inner, SharedGeneSpace space)
        : base(inner) => Space = space;

    /// <summary>The gene space.</summary>
    public SharedGeneSpace Space { get; }
}
