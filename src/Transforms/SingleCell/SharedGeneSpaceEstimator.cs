using Microsoft.ML;
using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Transforms.SingleCell;

/// <summary>
/// Stage 1: maps each cell's counts (in its species' model gene order, column <see cref="SingleCellColumns.Counts"/>)
/// onto the shared gene features (<see cref="SingleCellColumns.SharedCounts"/>), routed by
/// <see cref="SingleCellColumns.Species"/>. The gene space comes from the homology table, not from the data.
/// </summary>
/// <param name="mlContext">The context.</param>
/// <param name="space">The shared gene space.</param>
public sealed class SharedGeneSpaceEstimator(MLContext mlContext, SharedGeneSpace space) : IEstimator<SharedGeneSpaceTransformer>
{
    /// <inheritdoc />
    public SharedGeneSpaceTransformer Fit(IDataView input) => new(Build().Fit(input), space);

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        DataViewColumns.Require(inputSchema, SingleCellColumns.Species);
        DataViewColumns.Require(inputSchema, SingleCellColumns.Counts);
        return Build().GetOutputSchema(inputSchema);
    }

    private IEstimator<ITransformer> Build() => StageChain.Build(
        mlContext,
        SharedGenesMapping.StateColumn,
        space.Maps.ToDictionary(map => map.Species, map => SharedGenesMapping.State(map, space.Features.Count), StringComparer.Ordinal),
        new CachedSharedGenesMapping(),
        CachedSharedGenesMapping.ContractName);
}
