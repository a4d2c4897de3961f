using Microsoft.ML;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.Integration;

/// <summary>
/// Stage 6, the integration trainer: runs <see cref="Harmony"/> on the PCA scores (<see cref="Options.InputColumnName"/>,
/// default <see cref="SingleCellColumns.Pca"/>) with the species (and optionally the donor column) as covariates, and
/// maps every cell — fitted or new — into the embedding (<see cref="Options.OutputColumnName"/>, default
/// <see cref="SingleCellColumns.Embedding"/>) and the classifier features (<see cref="Options.FeaturesColumnName"/>,
/// default <see cref="SingleCellColumns.Features"/>) with the fitted centroids and species corrections
/// (<see cref="HarmonyModel.Map"/>; a donor term is used in fitting only, since a new cell's donor is not one of the
/// fitted levels).
/// </summary>
public sealed class HarmonyIntegrationEstimator : IEstimator<HarmonyIntegrationTransformer>
{
    private readonly MLContext _mlContext;
    private readonly Options _options;

    /// <summary>Creates the estimator on the default columns.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="harmony">Harmony's parameters; the published defaults when null.</param>
    /// <param name="useDonor">Whether the donor is a second covariate.</param>
    public HarmonyIntegrationEstimator(MLContext mlContext, HarmonyOptions? harmony = null, bool useDonor = Defaults.UseDonor)
        : this(mlContext, new Options { Harmony = harmony ?? new HarmonyOptions(), UseDonor = useDonor })
    {
    }

    /// <summary>Creates the estimator.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="options">Columns and parameters (copied, Harmony's parameters included).</param>
    public HarmonyIntegrationEstimator(MLContext mlContext, Options options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        _mlContext = mlContext;
        _options = options.Copy();
    }

    /// <inheritdoc />
    public HarmonyIntegrationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (values, rows, columns) = DataViewColumns.ReadMatrix(input, _options.InputColumnName);
        if (columns > SingleCellColumns.MaxEmbeddingWidth)
        {
            throw new ArgumentOutOfRangeException(nameof(input), $"The embedding has {columns} dimensions; at most {SingleCellColumns.MaxEmbeddingWidth} are supported.");
        }

        var species = DataViewColumns.ReadText(input, SingleCellColumns.Species);
        List<IReadOnlyList<string>> covariates = [species];
        List<string> names = [SingleCellColumns.Species.ToLowerInvariant()];
        if (_options.UseDonor)
        {
            covariates.Add(DataViewColumns.ReadText(input, _options.DonorColumnName));
            names.Add(SingleCellColumns.Donor.ToLowerInvariant());
        }

        var result = Harmony.Run(values, columns, covariates, names, _options.Harmony);
        var state = species.Distinct().ToDictionary(
            name => name,
            name => HarmonyMapping.State(result.Model, result.Model.Levels.ToList().IndexOf($"species={name}")),
            StringComparer.Ordinal);
        return new HarmonyIntegrationTransformer(Build(state).Fit(input), result);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        DataViewColumns.Require(inputSchema, SingleCellColumns.Species);
        DataViewColumns.Require(inputSchema, _options.InputColumnName);
        if (_options.UseDonor)
        {
            DataViewColumns.Require(inputSchema, _options.DonorColumnName);
        }

        return Build(new Dictionary<string, float[]>()).GetOutputSchema(inputSchema);
    }

    private IEstimator<ITransformer> Build(IReadOnlyDictionary<string, float[]> state) => StageChain.OnColumns(
        _mlContext,
        StageChain.Build(_mlContext, HarmonyMapping.StateColumn, state, new CachedHarmonyMapping(), CachedHarmonyMapping.ContractName),
        [(SingleCellColumns.Pca, _options.InputColumnName)],
        [(SingleCellColumns.Embedding, _options.OutputColumnName), (SingleCellColumns.Features, _options.FeaturesColumnName)]);

    /// <summary>The defaults.</summary>
    public static class Defaults
    {
        /// <summary>The input column.</summary>
        public const string InputColumnName = SingleCellColumns.Pca;

        /// <summary>The embedding column.</summary>
        public const string OutputColumnName = SingleCellColumns.Embedding;

        /// <summary>The padded classifier features column.</summary>
        public const string FeaturesColumnName = SingleCellColumns.Features;

        /// <summary>The donor column.</summary>
        public const string DonorColumnName = SingleCellColumns.Donor;

        /// <summary>Whether the donor is a second covariate.</summary>
        public const bool UseDonor = false;
    }

    /// <summary>Options of <see cref="HarmonyIntegrationEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>The PCA scores column (vector of Single, at most <see cref="SingleCellColumns.MaxEmbeddingWidth"/> wide).</summary>
        public string InputColumnName { get; set; } = Defaults.InputColumnName;

        /// <summary>The integrated embedding column written.</summary>
        public string OutputColumnName { get; set; } = Defaults.OutputColumnName;

        /// <summary>The embedding padded to <see cref="SingleCellColumns.MaxEmbeddingWidth"/> slots, written for a classifier.</summary>
        public string FeaturesColumnName { get; set; } = Defaults.FeaturesColumnName;

        /// <summary>The donor column (text), read when <see cref="UseDonor"/> is set.</summary>
        public string DonorColumnName { get; set; } = Defaults.DonorColumnName;

        /// <summary>Whether the donor is a second covariate (fitting only).</summary>
        public bool UseDonor { get; set; } = Defaults.UseDonor;

        /// <summary>Harmony's parameters.</summary>
        public HarmonyOptions Harmony { get; set; } = new();

        internal Options Copy()
        {
            var copy = (Options)MemberwiseClone();
            copy.Harmony = (Harmony ?? new HarmonyOptions()).Copy();
            return copy;
        }
    }
}
