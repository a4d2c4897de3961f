using Microsoft.ML;
using Microsoft.ML.Data;
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
        var scaling = StreamFit(input);
        var state = StateLookup.Shared(StageChain.SpeciesOf(input), ScaleMapping.State(scaling));
        return new GeneScalingTransformer(Build(state).Fit(input), scaling);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        DataViewColumns.Require(inputSchema, SingleCellColumns.VariableGenes);
        return Build(new Dictionary<string, float[]>()).GetOutputSchema(inputSchema);
    }

    private GeneScaling StreamFit(IDataView input)
    {
        // Cells are streamed through the upstream stages one at a time; no cells × genes copy is held.
        GeneScaling.Accumulator? accumulator = null;
        var dense = Array.Empty<float>();
        DataViewColumns.ForEachRow(input, DataViewColumns.Require(input.Schema, SingleCellColumns.VariableGenes), (in VBuffer<float> row) =>
        {
            if (accumulator is null)
            {
                accumulator = new GeneScaling.Accumulator(row.Length);
                dense = new float[row.Length];
            }

            if (row.Length != dense.Length)
            {
                throw new InvalidOperationException($"Column '{SingleCellColumns.VariableGenes}' has rows of {dense.Length} and of {row.Length} values.");
            }

            row.CopyTo(dense);
            accumulator.Add(dense);
        });
        return (accumulator ?? new GeneScaling.Accumulator(0)).Finish(maxValue);
    }

    private IEstimator<ITransformer> Build(IReadOnlyDictionary<string, float[]> state) =>
        StageChain.Build(mlContext, ScaleMapping.StateColumn, state, new CachedScaleMapping(), CachedScaleMapping.ContractName);
}
