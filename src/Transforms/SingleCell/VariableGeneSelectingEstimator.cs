using Microsoft.ML;
using Microsoft.ML.Data;
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
        var counts = ReadCsr(input);
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

    private static CsrMatrix ReadCsr(IDataView input)
    {
        // Two streamed passes (non-zeros per cell, then the entries) fill exactly sized arrays: the sparse counts are
        // the only copy held, with no dense cells × genes rows.
        var column = DataViewColumns.Require(input.Schema, SingleCellColumns.SharedCounts);
        var pointers = new List<int> { 0 };
        var width = 0;
        DataViewColumns.ForEachRow(input, column, (in VBuffer<float> row) =>
        {
            width = row.Length;
            var nonZero = 0;
            foreach (var value in row.GetValues())
            {
                nonZero += value != 0 ? 1 : 0;
            }

            pointers.Add(checked(pointers[^1] + nonZero));
        });

        var columns = new int[pointers[^1]];
        var values = new float[columns.Length];
        var cell = 0;
        DataViewColumns.ForEachRow(input, column, (in VBuffer<float> row) =>
        {
            var at = pointers[cell];
            var rowValues = row.GetValues();
            var rowIndices = row.GetIndices();
            for (var k = 0; k < rowValues.Length; k++)
            {
                if (rowValues[k] != 0)
                {
                    columns[at] = row.IsDense ? k : rowIndices[k];
                    values[at++] = rowValues[k];
                }
            }

            if (at != pointers[cell + 1])
            {
                throw new InvalidOperationException($"Cell {cell} changed between two reads of '{SingleCellColumns.SharedCounts}'.");
            }

            cell++;
        });

        return new CsrMatrix(pointers.Count - 1, width, [.. pointers], columns, values);
    }
}
