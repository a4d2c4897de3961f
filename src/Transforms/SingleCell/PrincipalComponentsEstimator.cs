using Microsoft.ML;
using PllmML.Kernels.LinearAlgebra;
using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Transforms.SingleCell;

/// <summary>
/// Stage 5: scaled genes (<see cref="Options.InputColumnName"/>, default <see cref="SingleCellColumns.Scaled"/>) →
/// principal component scores (<see cref="Options.OutputColumnName"/>, default <see cref="SingleCellColumns.Pca"/>) by
/// <see cref="PrincipalComponents"/> fitted on all cells.
/// </summary>
public sealed class PrincipalComponentsEstimator : IEstimator<PrincipalComponentsTransformer>
{
    private readonly MLContext _mlContext;
    private readonly Options _options;

    /// <summary>Creates the estimator on the default columns.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="components">Number of components.</param>
    /// <param name="seed">Seed of the eigen-solver's start vector.</param>
    public PrincipalComponentsEstimator(MLContext mlContext, int components = Defaults.Components, int seed = Defaults.Seed)
        : this(mlContext, new Options { Components = components, Seed = seed })
    {
    }

    /// <summary>Creates the estimator.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="options">Columns and parameters (copied).</param>
    public PrincipalComponentsEstimator(MLContext mlContext, Options options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        _mlContext = mlContext;
        _options = options.Copy();
    }

    /// <inheritdoc />
    public PrincipalComponentsTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (values, rows, columns) = DataViewColumns.ReadMatrix(input, _options.InputColumnName);
        var pca = PrincipalComponents.Fit(values, rows, columns, Math.Min(_options.Components, Math.Min(rows, columns)), _options.Seed);
        var state = StateLookup.Shared(StageChain.SpeciesOf(input), ProjectMapping.State(pca));
        return new PrincipalComponentsTransformer(Build(state).Fit(input), pca);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        DataViewColumns.Require(inputSchema, SingleCellColumns.Species);
        DataViewColumns.Require(inputSchema, _options.InputColumnName);
        return Build(new Dictionary<string, float[]>()).GetOutputSchema(inputSchema);
    }

    private IEstimator<ITransformer> Build(IReadOnlyDictionary<string, float[]> state) => StageChain.OnColumns(
        _mlContext,
        StageChain.Build(_mlContext, ProjectMapping.StateColumn, state, new CachedProjectMapping(), CachedProjectMapping.ContractName),
        [(SingleCellColumns.Scaled, _options.InputColumnName)],
        [(SingleCellColumns.Pca, _options.OutputColumnName)]);

    /// <summary>The defaults.</summary>
    public static class Defaults
    {
        /// <summary>The input column.</summary>
        public const string InputColumnName = SingleCellColumns.Scaled;

        /// <summary>The output column.</summary>
        public const string OutputColumnName = SingleCellColumns.Pca;

        /// <summary>Number of components.</summary>
        public const int Components = PrincipalComponents.DefaultComponents;

        /// <summary>Seed of the eigen-solver's start vector.</summary>
        public const int Seed = 0;
    }

    /// <summary>Options of <see cref="PrincipalComponentsEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>The column to project (vector of Single, the same width on every row).</summary>
        public string InputColumnName { get; set; } = Defaults.InputColumnName;

        /// <summary>The scores column written.</summary>
        public string OutputColumnName { get; set; } = Defaults.OutputColumnName;

        /// <summary>Number of components (at most min(cells, genes) are fitted).</summary>
        public int Components { get; set; } = Defaults.Components;

        /// <summary>Seed of the eigen-solver's start vector.</summary>
        public int Seed { get; set; } = Defaults.Seed;

        internal Options Copy() => (Options)MemberwiseClone();
    }
}
