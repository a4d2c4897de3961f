using Microsoft.ML;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.Integration;

/// <summary>The fitted integration stage (see <see cref="HarmonyIntegrationEstimator"/>).</summary>
public sealed class HarmonyIntegrationTransformer : DelegatingTransformer
{
    internal HarmonyIntegrationTransformer(ITransformer inner, HarmonyResult result)
        : base(inner) => Result = result;

    /// <summary>The Harmony run: the fitted cells' corrected embedding, objectives and the model.</summary>
    public HarmonyResult Result { get; }
}
