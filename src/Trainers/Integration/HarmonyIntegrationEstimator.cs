using Microsoft.ML;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.Integration;

/// <summary>
/// Stage 6, the integration trainer: runs <see cref="Harmony"/> on <see cref="SingleCellColumns.Pca"/> with the
/// species (and optionally <see cref="SingleCellColumns.Donor"/>) as covariates, and maps every cell — fitted or new —
/// into <see cref="SingleCellColumns.Embedding"/> and <see cref="SingleCellColumns.Features"/> with the fitted
/// centroids and species corrections (<see cref="HarmonyModel.Map"/>; a donor term is used in fitting only, since a
/// new cell's donor is not one of the fitted levels).
/// </summary>
/// <param name="mlContext">The context.</param>
/// <param name="options">Harmony's parameters.</param>
/// <param name="useDonor">Whether the donor is a second covariate.</param>
public sealed class HarmonyIntegrationEstimator(MLContext mlContext, HarmonyOptions? options = null, bool useDonor = false) : IEstimator<HarmonyIntegrationTransformer>
{
    /// <inheritdoc />
    public HarmonyIntegrationTransformer Fit(IDataView input)
    {
        var (values, rows, columns) = DataViewColumns.ReadMatrix(input, SingleCellColumns.Pca);
        if (columns > SingleCellColumns.MaxEmbeddingWidth)
        {
            throw new ArgumentOutOfRangeException(nameof(input), $"The embedding has {columns} dimensions; at most {SingleCellColumns.MaxEmbeddingWidth} are supported.");
        }

        var species = DataViewColumns.ReadText(input, SingleCellColumns.Species);
        List<IReadOnlyList<string>> covariates = [species];
        List<string> names = [SingleCellColumns.Species.ToLowerInvariant()];
        if (useDonor)
        {
            covariates.Add(DataViewColumns.ReadText(input, SingleCellColumns.Donor));
            names.Add(SingleCellColumns.Donor.ToLowerInvariant());
        }

        var result = Harmony.Run(values, columns, covariates, names, options);
        var state = species.Distinct().ToDictionary(
            name => name,
            name => HarmonyMapping.State(result.Model, result.Model.Levels.ToList().IndexOf($"species={name}")),
            StringComparer.Ordinal);
        return new HarmonyIntegrationTransformer(Build(state).Fit(input), result);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        DataViewColumns.Require(inputSchema, SingleCellColumns.Pca);
        return Build(new Dictionary<string, float[]>()).GetOutputSchema(inputSchema);
    }

    private IEstimator<ITransformer> Build(IReadOnlyDictionary<string, float[]> state) =>
        StageChain.Build(mlContext, HarmonyMapping.StateColumn, state, new CachedHarmonyMapping(), CachedHarmonyMapping.ContractName);
}
