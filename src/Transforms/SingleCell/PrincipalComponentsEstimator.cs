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
        var pca = StreamFit(input);
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

    private PrincipalComponents StreamFit(IDataView input)
    {
        // The cells are streamed through the upstream stages three times (means, covariance, signs) into the
        // accumulator, which holds the genes × genes covariance and one block of cells but no cells × genes matrix;
        // the result is that of PrincipalComponents.Fit on the whole matrix, bit for bit.
        var column = _options.InputColumnName;
        var cells = DataViewColumns.CountRows(input);
        PrincipalComponentsAccumulator? fit = null;
        do
        {
            var (rows, genes) = DataViewColumns.ForEachDenseRow(input, column, (values, _) =>
            {
                fit ??= new PrincipalComponentsAccumulator(values.Length, Math.Min(_options.Components, Math.Min(cells, values.Length)), _options.Seed);
                fit.Add(values);
            });
            if (fit is null || rows == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(input), $"Column '{column}' has {rows} rows of {genes} values: nothing to fit components to.");
            }

            fit.EndPass();
        }
        while (!fit.IsComplete);
        return fit.Result;
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
