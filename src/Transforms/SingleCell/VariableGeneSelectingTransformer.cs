using Microsoft.ML;

namespace PllmML.Transforms.SingleCell;

/// <summary>The fitted stage 3 (see <see cref="VariableGeneSelectingEstimator"/>).</summary>
public sealed class VariableGeneSelectingTransformer : DelegatingTransformer
{
    internal VariableGeneSelectingTransformer(ITransformer inner, VariableGeneSelection selection)
        : base(inner) => Selection = selection;

    /// <summary>The selection with scanpy's per-gene statistics.</summary>
    public VariableGeneSelection Selection { get; }
}
