using Microsoft.ML;
using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Transforms.SingleCell;

/// <summary>Stage 2: <see cref="SingleCellColumns.SharedCounts"/> → <see cref="SingleCellColumns.Normalized"/> by <see cref="LogNormalization"/>.</summary>
/// <param name="mlContext">The context.</param>
/// <param name="targetSum">The target sum (Seurat's scale.factor).</param>
public sealed class LogNormalizingEstimator(MLContext mlContext, float targetSum = LogNormalization.DefaultTargetSum) : IEstimator<LogNormalizingTransformer>
{
    /// <inheritdoc />
    public LogNormalizingTransformer Fit(IDataView input) => new(Build(StageChain.SpeciesOf(input)).Fit(input), targetSum);

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        DataViewColumns.Require(inputSchema, SingleCellColumns.SharedCounts);
        return Build([]).GetOutputSchema(inputSchema);
    }

    private IEstimator<ITransformer> Build(string[] species) => StageChain.Build(
        mlContext, LogNormalizeMapping.StateColumn, StateLookup.Shared(species, [targetSum]), new CachedLogNormalizeMapping(), CachedLogNormalizeMapping.ContractName);
}
