using Microsoft.ML;
using PllmML.Kernels.LinearAlgebra;

namespace PllmML.Transforms.SingleCell;

/// <summary>The fitted stage 5 (see <see cref="PrincipalComponentsEstimator"/>).</summary>
public sealed class PrincipalComponentsTransformer : DelegatingTransformer
{
    internal PrincipalComponentsTransformer(ITransformer inner, PrincipalComponents components)
        : base(inner) => Components = components;

    /// <summary>The fitted components.</summary>
    public PrincipalComponents Components { get; }
}
