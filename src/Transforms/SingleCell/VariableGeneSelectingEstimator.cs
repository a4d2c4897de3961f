using Microsoft.ML;
using PllmML.Data;
using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Transforms.SingleCell;

/// <summary>
/// Stage 3: fits Seurat v3 highly variable genes (<see cref="SeuratV3VariableGenes"/>) on the raw
/// <see cref="SingleCellColumns.SharedCounts"/> with the species as batches, and keeps those genes of
/// <see cref="SingleCellColumns.Normalized"/> in <see cref="SingleCellColumns.VariableGenes"/>.
/// </summary>
/// <param name="mlContext">The context.</param>
/// <param name="topGenes">How many genes.</param>
public sealed class VariableGeneSelectingEstimator(MLContext mlContext, int topGenes = SeuratV3VariableGenes.DefaultTopGenes) : IEstimator<VariableGeneSelectingTransformer>
{
    /// <inheritdoc />
    public VariableGeneSelectingTransformer Fit(IDataView input)
    {
        var species = DataViewColumns.ReadText(input, SingleCellColumns.Species);
        var names = species.Distinct().Order(StringComparer.Ordinal).ToArray();
        var batch = species.Select(name => Array.IndexOf(names, name)).ToArray();
        var counts = ToCsr(DataViewColumns.ReadVectors(input, SingleCellColumns.SharedCounts));
        var selection = SeuratV3VariableGenes.Select(counts, batch, names.Length, topGenes);
        var state = selection.Selected.Select(gene => (float)gene).ToArray();
        return new VariableGeneSelectingTransformer(Build(StateLookup.Shared(names, state)).Fit(input), selection);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        DataViewColumns.Require(inputSchema, SingleCellColumns.SharedCounts);
        DataViewColumns.Require(inputSchema, SingleCellColumns.Normalized);
        return Build(new Dictionary<string, float[]>()).GetOutputSchema(inputSchema);
    }

    private IEstimator<ITransformer> Build(IReadOnlyDictionary<string, float[]> state) =>
        StageChain.Build(mlContext, SelectGenesMapping.StateColumn, state, new CachedSelectGenesMapping(), CachedSelectGenesMapping.ContractName);

    private static CsrMatrix ToCsr(List<float[]> rows)
    {
        var width = rows.Count == 0 ? 0 : rows[0].Length;
        var pointers = new int[rows.Count + 1];
        var columns = new List<int>();
        var values = new List<float>();
        for (var row = 0; row < rows.Count; row++)
        {
            for (var gene = 0; gene < width; gene++)
            {
                if (rows[row][gene] != 0)
                {
                    columns.Add(gene);
                    values.Add(rows[row][gene]);
                }
            }

            pointers[row + 1] = columns.Count;
        }

        return new CsrMatrix(rows.Count, width, pointers, [.. columns], [.. values]);
    }
}
