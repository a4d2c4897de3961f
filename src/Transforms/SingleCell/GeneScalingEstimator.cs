using Microsoft.ML;
using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Transforms.SingleCell;

/// <summary>Stage 4: <see cref="SingleCellColumns.VariableGenes"/> → <see cref="SingleCellColumns.Scaled"/> by <see cref="GeneScaling"/> fitted on all cells.</summary>
/// <param name="mlContext">The context.</param>
/// <param name="maxValue">The clip value.</param>
public sealed class GeneScalingEstimator(MLContext mlContext, float maxValue = GeneScaling.DefaultMaxValue) : IEstimator<GeneScalingTransformer>
{
    /// <inheritdoc />
    public GeneScalingTransformer Fit(IDataView input)
    {
        var (values, rows, columns) = DataViewColumns.ReadMatrix(input, SingleCellColumns.VariableGenes);
        var scaling = GeneScaling.Fit(values, rows, columns, maxValue);
        var state = StateLookup.Shared(StageChain.SpeciesOf(input), ScaleMapping.State(scaling));
        return new GeneScalingTransformer(Build(state).Fit(input), scaling);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        DataViewColumns.Require(inputSchema, SingleCellColumns.VariableGenes);
        return Build(new Dictionary<string, float[]>()).GetOutputSchema(inputSchema);
    }

    private IEstimator<ITransformer> Build(IReadOnlyDictionary<string, float[]> state) =>
        StageChain.Build(mlContext, ScaleMapping.StateColumn, state, new CachedScaleMapping(), CachedScaleMapping.ContractName);
}
