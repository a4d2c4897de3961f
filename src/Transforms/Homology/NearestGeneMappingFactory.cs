using Microsoft.ML.Transforms;

namespace PllmML.Transforms.Homology;

/// <summary>
/// The saveable mapping of <see cref="NearestGeneMappingTransformer"/> (contract <c>PllmML.NearestGeneMapping.v1</c>).
/// ML.NET recreates this factory on load; the fitted genes come from the model file's <c>PllmML/nearest-genes.bin</c>
/// entry, which <see cref="NearestGeneMappingModel.Load"/> reads and makes current while ML.NET loads.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class NearestGeneMappingFactory : CustomMappingFactory<NearestGeneInput, NearestGeneOutput>
{
    /// <summary>The versioned contract name saved in models.</summary>
    public const string ContractName = "PllmML.NearestGeneMapping.v1";

    private static readonly AsyncLocal<NearestGeneIndex?> Loading = new();

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Called outside <see cref="NearestGeneMappingModel.Load"/>.</exception>
    public override Action<NearestGeneInput, NearestGeneOutput> GetMapping()
    {
        var index = Loading.Value ?? throw new InvalidOperationException(
            "A model with a nearest-gene mapping must be loaded with NearestGeneMappingModel.Load, which reads its "
            + "fitted genes; MLContext.Model.Load alone cannot restore them.");
        return index.Map;
    }

    internal static T WithIndex<T>(NearestGeneIndex index, Func<T> load)
    {
        var previous = Loading.Value;
        Loading.Value = index;
        try
        {
            return load();
        }
        finally
        {
            Loading.Value = previous;
        }
    }
}
