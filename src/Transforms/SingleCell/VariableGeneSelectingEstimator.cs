using Microsoft.ML;
using Microsoft.ML.Data;
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
        var selection = StreamSelect(input, _options.CountsColumnName, batch, names.Length, _options.TopGenes);
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

    private static VariableGeneSelection StreamSelect(IDataView input, string countsColumn, int[] batch, int batchCount, int topGenes)
    {
        // Two streamed passes over the cells (the per-batch sums, then the clipped sums) with each cell's non-zero
        // counts gathered into one reused buffer: no copy of the counts is held, the sums are those of
        // SeuratV3VariableGenes.Select on the CSR matrix of the non-zero counts, in the same order.
        var column = DataViewColumns.Require(input.Schema, countsColumn);
        SeuratV3VariableGenes.Accumulator? accumulator = null;
        var columns = Array.Empty<int>();
        var values = Array.Empty<float>();
        var width = 0;
        do
        {
            DataViewColumns.ForEachRow(input, column, (in VBuffer<float> row) =>
            {
                if (accumulator is null)
                {
                    width = row.Length;
                    accumulator = new SeuratV3VariableGenes.Accumulator(width, batch, batchCount);
                }
                else if (row.Length != width)
                {
                    throw new InvalidOperationException($"Column '{countsColumn}' has rows of {width} and of {row.Length} values.");
                }

                var rowValues = row.GetValues();
                var rowIndices = row.GetIndices();
                if (columns.Length < rowValues.Length)
                {
                    columns = new int[rowValues.Length];
                    values = new float[rowValues.Length];
                }

                var kept = 0;
                for (var k = 0; k < rowValues.Length; k++)
                {
                    if (rowValues[k] != 0)
                    {
                        columns[kept] = row.IsDense ? k : rowIndices[k];
                        values[kept++] = rowValues[k];
                    }
                }

                accumulator.Add(columns.AsSpan(0, kept), values.AsSpan(0, kept));
            });
            accumulator ??= new SeuratV3VariableGenes.Accumulator(0, batch, batchCount);
            accumulator.EndPass();
        }
        while (!accumulator.IsComplete);
        return accumulator.Finish(topGenes);
    }
}
