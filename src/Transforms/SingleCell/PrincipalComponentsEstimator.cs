using Microsoft.ML;
using PllmML.Kernels.LinearAlgebra;
using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Transforms.SingleCell;

/// <summary>Stage 5: <see cref="SingleCellColumns.Scaled"/> → <see cref="SingleCellColumns.Pca"/> by <see cref="PrincipalComponents"/> fitted on all cells.</summary>
/// <param name="mlContext">The context.</param>
/// <param name="components">Number of components.</param>
/// <param name="seed">Seed of the eigen-solver's start vector.</param>
public sealed class PrincipalComponentsEstimator(MLContext mlContext, int components = PrincipalComponents.DefaultComponents, int seed = 0) : IEstimator<PrincipalComponentsTransformer>
{
    /// <inheritdoc />
    public PrincipalComponentsTransformer Fit(IDataView input)
    {
        var (values, rows, columns) = DataViewColumns.ReadMatrix(input, SingleCellColumns.Scaled);
        var pca = PrincipalComponents.Fit(values, rows, columns, Math.Min(components, Math.Min(rows, columns)), seed);
        var state = StateLookup.Shared(StageChain.SpeciesOf(input), ProjectMapping.State(pca));
        return new PrincipalComponentsTransformer(Build(state).Fit(input), pca);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        DataViewColumns.Require(inputSchema, SingleCellColumns.Scaled);
        return Build(new Dictionary<string, float[]>()).GetOutputSchema(inputSchema);
    }

    private IEstimator<ITransformer> Build(IReadOnlyDictionary<string, float[]> state) =>
        StageChain.Build(mlContext, ProjectMapping.StateColumn, state, new CachedProjectMapping(), CachedProjectMapping.ContractName);
}
