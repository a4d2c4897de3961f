using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;

namespace PllmML.Transforms.Proteins;

/// <summary>
/// Protein sequence column → ESM-2 embedding column (extract.py semantics: first 1022 residues, mean of the last
/// layer over residue positions), computed by ONNX Runtime from an ESM-2 ONNX export. Built only from saveable ML.NET
/// pieces — a stateless tokenizer mapping, <c>ApplyOnnxModel</c> (which stores the ONNX bytes in the model zip) and a
/// stateless mean-pool mapping — so <c>mlContext.Model.Save</c>/<c>Load</c> round-trips the whole thing.
/// </summary>
/// <remarks>
/// Characters outside ESM-2's alphabet become &lt;unk&gt; (lower case is upper-cased, J becomes X); clean proteomes
/// with PllmML's FASTA reader first when fair-esm's stricter behaviour matters. Each row runs 1024 positions, so the
/// ML.NET path suits serving; for whole proteomes use <c>PllmML.Esm.Embedding.ProteinEmbedder</c>.
/// </remarks>
public sealed class EmbedProteinsEstimator : IEstimator<EmbedProteinsTransformer>
{
    /// <summary>The internal column the pooled vector is written to before renaming.</summary>
    internal const string PooledColumn = "PllmProteinEmbedding";
    private static readonly string[] InternalColumns = [EsmTokenizeInput.ColumnName, "input_ids", "attention_mask", "last_hidden_state", PooledColumn];
    private readonly MLContext _context;
    private readonly Options _options;

    /// <summary>Creates the estimator.</summary>
    /// <param name="context">The ML.NET context.</param>
    /// <param name="outputColumnName">The embedding column.</param>
    /// <param name="onnxModelPath">The ESM-2 ONNX export.</param>
    /// <param name="inputColumnName">The sequence column; the output name when null.</param>
    public EmbedProteinsEstimator(MLContext context, string outputColumnName, string onnxModelPath, string? inputColumnName = null)
        : this(context, new Options { OutputColumnName = outputColumnName, OnnxModelPath = onnxModelPath, InputColumnName = inputColumnName })
    {
    }

    /// <summary>Creates the estimator from options.</summary>
    /// <param name="context">The ML.NET context.</param>
    /// <param name="options">The options (copied).</param>
    /// <exception cref="FileNotFoundException">The ONNX file does not exist.</exception>
    /// <exception cref="NotSupportedException">The model's width has no saveable mean-pool mapping.</exception>
    public EmbedProteinsEstimator(MLContext context, Options options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.OnnxModelPath))
        {
            throw new FileNotFoundException($"No ESM-2 ONNX model at {options.OnnxModelPath}.", options.OnnxModelPath);
        }

        _context = context;
        _options = options.Copy();
        EmbeddingDimension = ReadWidth(options.OnnxModelPath);
        if (!EsmMeanPoolMappings.Widths.Contains(EmbeddingDimension))
        {
            throw new NotSupportedException($"{options.OnnxModelPath}: width {EmbeddingDimension} is not an ESM-2 width this estimator supports ({string.Join(", ", EsmMeanPoolMappings.Widths)}).");
        }
    }

    /// <summary>The width of the embedding vectors.</summary>
    public int EmbeddingDimension { get; }

    /// <summary>Fits (nothing is learned; the ONNX model is loaded).</summary>
    /// <param name="input">Data with the sequence column.</param>
    public EmbedProteinsTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input.Schema.Select(column => (column.Name, column.Type.RawType == typeof(ReadOnlyMemory<char>))));
        return new EmbedProteinsTransformer(BuildChain().Fit(input));
    }

    /// <summary>The schema after the transform: the input plus the embedding column.</summary>
    /// <param name="inputSchema">The input schema.</param>
    /// <exception cref="ArgumentOutOfRangeException">The sequence column is missing or not text.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckInput(inputSchema.Select(column => (column.Name, column.ItemType.RawType == typeof(ReadOnlyMemory<char>) && column.Kind == SchemaShape.Column.VectorKind.Scalar)));
        return BuildChain().GetOutputSchema(inputSchema);
    }

    private string InputColumn => _options.InputColumnName ?? _options.OutputColumnName;

    private void CheckInput(IEnumerable<(string Name, bool IsText)> columns)
    {
        var found = columns.LastOrDefault(column => column.Name == InputColumn);
        if (found.Name is null)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), $"The input has no column '{InputColumn}' of protein sequences.");
        }

        if (!found.IsText)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), $"The column '{InputColumn}' must hold text (protein sequences).");
        }
    }

    private IEstimator<ITransformer> BuildChain()
    {
        var shapes = new Dictionary<string, int[]>
        {
            ["input_ids"] = [1, EsmTokenizeOutput.Positions],
            ["attention_mask"] = [1, EsmTokenizeOutput.Positions],
            ["last_hidden_state"] = [1, EsmTokenizeOutput.Positions, EmbeddingDimension],
        };
        var transforms = _context.Transforms;
        return transforms.CopyColumns(EsmTokenizeInput.ColumnName, InputColumn)
            .Append(transforms.CustomMapping<EsmTokenizeInput, EsmTokenizeOutput>(EsmTokenizeMapping.Map, EsmTokenizeMapping.ContractName))
            .Append(transforms.ApplyOnnxModel(["last_hidden_state"], ["input_ids", "attention_mask"], _options.OnnxModelPath, shapes, _options.GpuDeviceId, _options.FallbackToCpu))
            .Append(EsmMeanPoolMappings.Create(_context, EmbeddingDimension))
            .Append(transforms.CopyColumns(_options.OutputColumnName, PooledColumn))
            .Append(transforms.DropColumns(InternalColumns.Where(name => name != _options.OutputColumnName && name != InputColumn).ToArray()));
    }

    private static int ReadWidth(string path)
    {
        using var session = new InferenceSession(path);
        return session.OutputMetadata.TryGetValue("last_hidden_state", out var output) && output.Dimensions.Length == 3
            ? output.Dimensions[2]
            : throw new NotSupportedException($"{path}: expected an ESM-2 export with a last_hidden_state [batch, tokens, d] output.");
    }

    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>The default output column.</summary>
        public const string OutputColumnName = "ProteinEmbedding";
    }

    /// <summary>Options of <see cref="EmbedProteinsEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>The output column: a known-size vector of float32 (the model's width).</summary>
        public string OutputColumnName { get; set; } = Defaults.OutputColumnName;

        /// <summary>The input column of protein sequences (text); the output name when null.</summary>
        public string? InputColumnName { get; set; }

        /// <summary>The ESM-2 ONNX export (optimum layout: <c>input_ids</c>, <c>attention_mask</c> →
        /// <c>last_hidden_state</c>). Its bytes are stored in the saved model zip (under 2 GB: ESM-2 up to 150M in float32).</summary>
        public string OnnxModelPath { get; set; } = string.Empty;

        /// <summary>GPU for ONNX Runtime (ML.NET's convention); null = CPU.</summary>
        public int? GpuDeviceId { get; set; }

        /// <summary>Fall back to the CPU when the GPU cannot be used.</summary>
        public bool FallbackToCpu { get; set; }

        internal Options Copy() => (Options)MemberwiseClone();
    }
}
