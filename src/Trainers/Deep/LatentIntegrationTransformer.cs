using Microsoft.ML;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.Deep;

/// <summary>The fitted deep integration stage (see <see cref="LatentIntegrationEstimator"/>).</summary>
public sealed class LatentIntegrationTransformer : DelegatingTransformer
{
    internal LatentIntegrationTransformer(ITransformer inner, LatentIntegrationModel model, string[] labels)
        : base(inner)
    {
        Model = model;
        Labels = labels;
    }

    /// <summary>The trained network's inference weights (a loaded model keeps them in its state table).</summary>
    public LatentIntegrationModel Model { get; }

    /// <summary>The cell types the network's classifier predicts, in its output order (empty without a classifier).</summary>
    public IReadOnlyList<string> Labels { get; }
}
