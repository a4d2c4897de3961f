using Microsoft.ML;
using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Transforms.SingleCell;

/// <summary>
/// Stage 1: maps each cell's counts (in its species' model gene order, <see cref="Options.InputColumnName"/>, default
/// <see cref="SingleCellColumns.Counts"/>) onto the shared gene features (<see cref="Options.OutputColumnName"/>, default
/// <see cref="SingleCellColumns.SharedCounts"/>), routed by <see cref="SingleCellColumns.Species"/>. The gene space
/// comes from the homology table, not from the data.
/// </summary>
public sealed class SharedGeneSpaceEstimator : IEstimator<SharedGeneSpaceTransformer>
{
    private readonly MLContext _mlContext;
    private readonly Options _options;
    private readonly SharedGeneSpace _space;

    /// <summary>Creates the estimator on the default columns.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="space">The shared gene space.</param>
    public SharedGeneSpaceEstimator(MLContext mlContext, SharedGeneSpace space)
        : this(mlContext, new Options { Space = space })
    {
    }

    /// <summary>Creates the estimator.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="options">The gene space and columns (copied).</param>
    /// <exception cref="ArgumentException">No gene space is given.</exception>
    public SharedGeneSpaceEstimator(MLContext mlContext, Options options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        _mlContext = mlContext;
        _options = options.Copy();
        _space = options.Space ?? throw new ArgumentException("The options give no shared gene space (Options.Space).", nameof(options));
    }

    /// <inheritdoc />
    public SharedGeneSpaceTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewColumns.Require(input.Schema, SingleCellColumns.Species);
        DataViewColumns.Require(input.Schema, _options.InputColumnName);
        return new(Build().Fit(input), _space);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        DataViewColumns.Require(inputSchema, SingleCellColumns.Species);
        DataViewColumns.Require(inputSchema, _options.InputColumnName);
        return Build().GetOutputSchema(inputSchema);
    }

    private IEstimator<ITransformer> Build() => StageChain.OnColumns(
        _mlContext,
        StageChain.Build(
            _mlContext,
            SharedGenesMapping.StateColumn,
            _space.Maps.ToDictionary(map => map.Species, map => SharedGenesMapping.State(map, _space.Features.Count), StringComparer.Ordinal),
            new CachedSharedGenesMapping(),
            CachedSharedGenesMapping.ContractName),
        [(SingleCellColumns.Counts, _options.InputColumnName)],
        [(SingleCellColumns.SharedCounts, _options.OutputColumnName)]);

    /// <summary>The defaults.</summary>
    public static class Defaults
    {
        /// <summary>The input column.</summary>
        public const string InputColumnName = SingleCellColumns.Counts;

        /// <summary>The output column.</summary>
        public const string OutputColumnName = SingleCellColumns.SharedCounts;
    }

    /// <summary>Options of <see cref="SharedGeneSpaceEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>The shared gene space (required; <see cref="SharedGeneSpace.Build"/>).</summary>
        public SharedGeneSpace? Space { get; set; }

        /// <summary>The counts column, in each species' model gene order (vector of Single).</summary>
        public string InputColumnName { get; set; } = Defaults.InputColumnName;

        /// <summary>The shared-feature counts column written.</summary>
        public string OutputColumnName { get; set; } = Defaults.OutputColumnName;

        internal Options Copy() => (Options)MemberwiseClone();
    }
}
