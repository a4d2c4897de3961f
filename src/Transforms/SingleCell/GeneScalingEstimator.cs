using Microsoft.ML;
using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Transforms.SingleCell;

/// <summary>
/// Stage 4: variable genes (<see cref="Options.InputColumnName"/>, default <see cref="SingleCellColumns.VariableGenes"/>)
/// → standardised and clipped values (<see cref="Options.OutputColumnName"/>, default <see cref="SingleCellColumns.Scaled"/>)
/// by <see cref="GeneScaling"/> fitted on all cells.
/// </summary>
public sealed class GeneScalingEstimator : IEstimator<GeneScalingTransformer>
{
    private readonly MLContext _mlContext;
    private readonly Options _options;

    /// <summary>Creates the estimator on the default columns.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="maxValue">The clip value.</param>
    public GeneScalingEstimator(MLContext mlContext, float maxValue = Defaults.MaxValue)
        : this(mlContext, new Options { MaxValue = maxValue })
    {
    }

    /// <summary>Creates the estimator.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="options">Columns and parameters (copied).</param>
    public GeneScalingEstimator(MLContext mlContext, Options options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        _mlContext = mlContext;
        _options = options.Copy();
    }

    /// <inheritdoc />
    public GeneScalingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var scaling = StreamFit(input);
        var state = StateLookup.Shared(StageChain.SpeciesOf(input), ScaleMapping.State(scaling));
        return new GeneScalingTransformer(Build(state).Fit(input), scaling);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        DataViewColumns.Require(inputSchema, SingleCellColumns.Species);
        DataViewColumns.Require(inputSchema, _options.InputColumnName);
        return Build(new Dictionary<string, float[]>()).GetOutputSchema(inputSchema);
    }

    private GeneScaling StreamFit(IDataView input)
    {
        // Cells are streamed through the upstream stages one at a time; no cells × genes copy is held.
        GeneScaling.Accumulator? accumulator = null;
        DataViewColumns.ForEachDenseRow(input, _options.InputColumnName, (values, _) =>
        {
            accumulator ??= new GeneScaling.Accumulator(values.Length);
            accumulator.Add(values);
        });
        return (accumulator ?? new GeneScaling.Accumulator(0)).Finish(_options.MaxValue);
    }

    private IEstimator<ITransformer> Build(IReadOnlyDictionary<string, float[]> state) => StageChain.OnColumns(
        _mlContext,
        StageChain.Build(_mlContext, ScaleMapping.StateColumn, state, new CachedScaleMapping(), CachedScaleMapping.ContractName),
        [(SingleCellColumns.VariableGenes, _options.InputColumnName)],
        [(SingleCellColumns.Scaled, _options.OutputColumnName)]);

    /// <summary>The defaults.</summary>
    public static class Defaults
    {
        /// <summary>The input column.</summary>
        public const string InputColumnName = SingleCellColumns.VariableGenes;

        /// <summary>The output column.</summary>
        public const string OutputColumnName = SingleCellColumns.Scaled;

        /// <summary>The clip value (scanpy's <c>max_value=10</c>).</summary>
        public const float MaxValue = GeneScaling.DefaultMaxValue;
    }

    /// <summary>Options of <see cref="GeneScalingEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>The column to scale (vector of Single).</summary>
        public string InputColumnName { get; set; } = Defaults.InputColumnName;

        /// <summary>The scaled column written.</summary>
        public string OutputColumnName { get; set; } = Defaults.OutputColumnName;

        /// <summary>The clip value.</summary>
        public float MaxValue { get; set; } = Defaults.MaxValue;

        internal Options Copy() => (Options)MemberwiseClone();
    }
}
