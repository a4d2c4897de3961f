using Microsoft.ML;
using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Transforms.SingleCell;

/// <summary>
/// Stage 2: raw counts on the shared features (<see cref="Options.InputColumnName"/>, default
/// <see cref="SingleCellColumns.SharedCounts"/>) → <see cref="LogNormalization"/> (<see cref="Options.OutputColumnName"/>,
/// default <see cref="SingleCellColumns.Normalized"/>). Rows are routed by <see cref="SingleCellColumns.Species"/>.
/// </summary>
public sealed class LogNormalizingEstimator : IEstimator<LogNormalizingTransformer>
{
    private readonly MLContext _mlContext;
    private readonly Options _options;

    /// <summary>Creates the estimator on the default columns.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="targetSum">The target sum (Seurat's scale.factor).</param>
    public LogNormalizingEstimator(MLContext mlContext, float targetSum = Defaults.TargetSum)
        : this(mlContext, new Options { TargetSum = targetSum })
    {
    }

    /// <summary>Creates the estimator.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="options">Columns and parameters (copied).</param>
    public LogNormalizingEstimator(MLContext mlContext, Options options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        _mlContext = mlContext;
        _options = options.Copy();
    }

    /// <inheritdoc />
    public LogNormalizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewColumns.Require(input.Schema, _options.InputColumnName);
        return new(Build(StageChain.SpeciesOf(input)).Fit(input), _options.TargetSum);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        DataViewColumns.Require(inputSchema, SingleCellColumns.Species);
        DataViewColumns.Require(inputSchema, _options.InputColumnName);
        return Build([]).GetOutputSchema(inputSchema);
    }

    private IEstimator<ITransformer> Build(string[] species) => StageChain.OnColumns(
        _mlContext,
        StageChain.Build(_mlContext, LogNormalizeMapping.StateColumn, StateLookup.Shared(species, [_options.TargetSum]), new CachedLogNormalizeMapping(), CachedLogNormalizeMapping.ContractName),
        [(SingleCellColumns.SharedCounts, _options.InputColumnName)],
        [(SingleCellColumns.Normalized, _options.OutputColumnName)]);

    /// <summary>The defaults.</summary>
    public static class Defaults
    {
        /// <summary>The input column.</summary>
        public const string InputColumnName = SingleCellColumns.SharedCounts;

        /// <summary>The output column.</summary>
        public const string OutputColumnName = SingleCellColumns.Normalized;

        /// <summary>The target sum (Seurat's scale.factor).</summary>
        public const float TargetSum = LogNormalization.DefaultTargetSum;
    }

    /// <summary>Options of <see cref="LogNormalizingEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>The raw counts column (vector of Single).</summary>
        public string InputColumnName { get; set; } = Defaults.InputColumnName;

        /// <summary>The log-normalised column written.</summary>
        public string OutputColumnName { get; set; } = Defaults.OutputColumnName;

        /// <summary>The target sum (Seurat's scale.factor).</summary>
        public float TargetSum { get; set; } = Defaults.TargetSum;

        internal Options Copy() => (Options)MemberwiseClone();
    }
}
