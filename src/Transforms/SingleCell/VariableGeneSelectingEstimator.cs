using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Data;
using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Transforms.SingleCell;

/// <summary>
/// Stage 3: fits Seurat v3 highly variable genes (<see cref="SeuratV3VariableGenes"/>) on the raw counts
/// (<see cref="Options.CountsColumnName"/>, default <see cref="SingleCellColumns.SharedCounts"/>) with the species as
/// batches, and keeps those genes of the log-normalised values (<see cref="Options.InputColumnName"/>, default
/// <see cref="SingleCellColumns.Normalized"/>) in <see cref="Options.OutputColumnName"/> (default
/// <see cref="SingleCellColumns.VariableGenes"/>).
/// </summary>
public sealed class VariableGeneSelectingEstimator : IEstimator<VariableGeneSelectingTransformer>
{
    private readonly MLContext _mlContext;
    private readonly Options _options;

    /// <summary>Creates the estimator on the default columns.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="topGenes">How many genes.</param>
    public VariableGeneSelectingEstimator(MLContext mlContext, int topGenes = Defaults.TopGenes)
        : this(mlContext, new Options { TopGenes = topGenes })
    {
    }

    /// <summary>Creates the estimator.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="options">Columns and parameters (copied).</param>
    public VariableGeneSelectingEstimator(MLContext mlContext, Options options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        _mlContext = mlContext;
        _options = options.Copy();
    }

    /// <inheritdoc />
    public VariableGeneSelectingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewColumns.Require(input.Schema, _options.InputColumnName);
        var species = DataViewColumns.ReadText(input, SingleCellColumns.Species);
        var names = species.Distinct().Order(StringComparer.Ordinal).ToArray();
        var batch = species.Select(name => Array.IndexOf(names, name)).ToArray();
        var counts = ReadCsr(input, _options.CountsColumnName);
        var selection = SeuratV3VariableGenes.Select(counts, batch, names.Length, _options.TopGenes);
        var state = selection.Selected.Select(gene => (float)gene).ToArray();
        return new VariableGeneSelectingTransformer(Build(StateLookup.Shared(names, state)).Fit(input), selection);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        DataViewColumns.Require(inputSchema, SingleCellColumns.Species);
        DataViewColumns.Require(inputSchema, _options.CountsColumnName);
        DataViewColumns.Require(inputSchema, _options.InputColumnName);
        return Build(new Dictionary<string, float[]>()).GetOutputSchema(inputSchema);
    }

    private IEstimator<ITransformer> Build(IReadOnlyDictionary<string, float[]> state) => StageChain.OnColumns(
        _mlContext,
        StageChain.Build(_mlContext, SelectGenesMapping.StateColumn, state, new CachedSelectGenesMapping(), CachedSelectGenesMapping.ContractName),
        [(SingleCellColumns.Normalized, _options.InputColumnName)],
        [(SingleCellColumns.VariableGenes, _options.OutputColumnName)]);

    /// <summary>The defaults.</summary>
    public static class Defaults
    {
        /// <summary>The raw counts column the genes are selected on.</summary>
        public const string CountsColumnName = SingleCellColumns.SharedCounts;

        /// <summary>The input column.</summary>
        public const string InputColumnName = SingleCellColumns.Normalized;

        /// <summary>The output column.</summary>
        public const string OutputColumnName = SingleCellColumns.VariableGenes;

        /// <summary>How many genes (scanpy's <c>n_top_genes</c>).</summary>
        public const int TopGenes = SeuratV3VariableGenes.DefaultTopGenes;
    }

    /// <summary>Options of <see cref="VariableGeneSelectingEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>The raw counts column the genes are selected on (read when fitting only).</summary>
        public string CountsColumnName { get; set; } = Defaults.CountsColumnName;

        /// <summary>The column whose selected genes are kept (vector of Single).</summary>
        public string InputColumnName { get; set; } = Defaults.InputColumnName;

        /// <summary>The selected genes' column written.</summary>
        public string OutputColumnName { get; set; } = Defaults.OutputColumnName;

        /// <summary>How many genes.</summary>
        public int TopGenes { get; set; } = Defaults.TopGenes;

        internal Options Copy() => (Options)MemberwiseClone();
    }

    private static CsrMatrix ReadCsr(IDataView input, string countsColumn)
    {
        // Two streamed passes (non-zeros per cell, then the entries) fill exactly sized arrays: the sparse counts are
        // the only copy held, with no dense cells × genes rows.
        var column = DataViewColumns.Require(input.Schema, countsColumn);
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
                throw new InvalidOperationException($"Cell {cell} changed between two reads of '{countsColumn}'.");
            }

            cell++;
        });

        return new CsrMatrix(pointers.Count - 1, width, [.. pointers], columns, values);
    }
}
