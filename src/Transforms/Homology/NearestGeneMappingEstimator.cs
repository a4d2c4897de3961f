using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Kernels.Similarity;
using PllmML.Transforms.SingleCell;

namespace PllmML.Transforms.Homology;

/// <summary>
/// Nearest-neighbour gene mapper: <see cref="Fit"/> learns the species-B genes from rows of (gene name, embedding);
/// the fitted <see cref="NearestGeneMappingTransformer"/> maps each species-A row's embedding to its most similar
/// species-B gene(s) and score. For whole-proteome set-level strategies (mutual best hits, greedy, stable), use the
/// PllmML.Homology library instead.
/// </summary>
public sealed class NearestGeneMappingEstimator : IEstimator<NearestGeneMappingTransformer>
{
    private readonly MLContext _mlContext;

    /// <summary>Creates the estimator.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="options">Columns and search settings (copied); the defaults when null.</param>
    public NearestGeneMappingEstimator(MLContext mlContext, Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        _mlContext = mlContext;
        EstimatorOptions = (options ?? new Options()).Copy();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EstimatorOptions.TopK);
    }

    /// <summary>The options.</summary>
    public Options EstimatorOptions { get; }

    /// <summary>Fits on species-B genes.</summary>
    /// <param name="input">Rows with a text gene column and a float vector embedding column.</param>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    /// <exception cref="ArgumentException">No rows, a gene repeats, widths differ, or an embedding is degenerate.</exception>
    public NearestGeneMappingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var geneColumn = FindColumn(input.Schema, EstimatorOptions.GeneColumnName, TextDataViewType.Instance);
        var embeddingColumn = FindColumn(input.Schema, EstimatorOptions.EmbeddingColumnName, NumberDataViewType.Single);
        var genes = input.GetColumn<ReadOnlyMemory<char>>(geneColumn).Select(gene => gene.ToString()).ToArray();
        var vectors = input.GetColumn<VBuffer<float>>(embeddingColumn).Select(vector => vector.DenseValues().ToArray()).ToArray();
        if (genes.Length == 0)
        {
            throw new ArgumentException("There are no species-B genes to fit on.", nameof(input));
        }

        var width = vectors[0].Length;
        var raw = new float[(long)genes.Length * width];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var row = 0; row < genes.Length; row++)
        {
            if (!seen.Add(genes[row]))
            {
                throw new ArgumentException($"The gene '{genes[row]}' (row {row + 1}) occurs twice.", nameof(input));
            }

            if (vectors[row].Length != width)
            {
                throw new ArgumentException(
                    $"The embedding of gene '{genes[row]}' (row {row + 1}) has {vectors[row].Length} values, the first had {width}.",
                    nameof(input));
            }

            vectors[row].CopyTo(raw, (long)row * width);
        }

        NearestGeneIndex index;
        try
        {
            index = new NearestGeneIndex(genes, raw, width, EstimatorOptions.Metric, EstimatorOptions.TopK);
        }
        catch (DegenerateVectorException error)
        {
            throw new ArgumentException($"Gene '{genes[error.Row]}' (row {error.Row + 1}): {error.Problem}.", nameof(input), error);
        }

        return NearestGeneMappingTransformer.Create(_mlContext, index, EstimatorOptions.EmbeddingColumnName);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var embedding = inputSchema.FirstOrDefault(column => column.Name == EstimatorOptions.EmbeddingColumnName);
        if (embedding.Name is null || embedding.Kind == SchemaShape.Column.VectorKind.Scalar
            || embedding.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentOutOfRangeException(
                nameof(inputSchema), $"Input column '{EstimatorOptions.EmbeddingColumnName}' must be a float vector.");
        }

        var mapping = _mlContext.Transforms.CustomMapping<NearestGeneInput, NearestGeneOutput>(
            (_, _) => { }, NearestGeneMappingFactory.ContractName);
        return EstimatorOptions.EmbeddingColumnName == Defaults.Embedding
            ? mapping.GetOutputSchema(inputSchema)
            : _mlContext.Transforms.CopyColumns(Defaults.Embedding, EstimatorOptions.EmbeddingColumnName)
                .Append(mapping).GetOutputSchema(inputSchema);
    }

    private static DataViewSchema.Column FindColumn(DataViewSchema schema, string name, DataViewType itemType)
    {
        var column = schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(
            nameof(schema), $"The input has no column '{name}'.");
        var actual = column.Type is VectorDataViewType vector ? vector.ItemType : column.Type;
        var wantVector = itemType != TextDataViewType.Instance;
        if (!actual.Equals(itemType) || (column.Type is VectorDataViewType) != wantVector)
        {
            throw new ArgumentOutOfRangeException(
                nameof(schema), $"Column '{name}' is {column.Type}, expected {(wantVector ? "a vector of " : string.Empty)}{itemType}.");
        }

        return column;
    }

    /// <summary>The defaults.</summary>
    public static class Defaults
    {
        /// <summary>The gene name column of the fit data.</summary>
        public const string Gene = "Gene";

        /// <summary>The embedding column (fit and transform data).</summary>
        public const string Embedding = "Embedding";

        /// <summary>The similarity (the original project's).</summary>
        public const SimilarityMetric Metric = SimilarityMetric.Pearson;

        /// <summary>How many species-B genes <c>MatchedGenes</c> lists.</summary>
        public const int TopK = 5;
    }

    /// <summary>
    /// Options of <see cref="NearestGeneMappingEstimator"/>. The output columns (<c>MatchedGene</c>, <c>Score</c>,
    /// <c>MatchedGenes</c>, <c>MatchedScores</c>) are fixed by the saved mapping's contract.
    /// </summary>
    public sealed class Options
    {
        /// <summary>The text column holding species-B gene names in the fit data.</summary>
        public string GeneColumnName { get; set; } = Defaults.Gene;

        /// <summary>The float vector column of embeddings (fit and transform data).</summary>
        public string EmbeddingColumnName { get; set; } = Defaults.Embedding;

        /// <summary>Pearson (the original project's) or cosine.</summary>
        public SimilarityMetric Metric { get; set; } = Defaults.Metric;

        /// <summary>How many species-B genes <c>MatchedGenes</c> lists.</summary>
        public int TopK { get; set; } = Defaults.TopK;

        internal Options Copy() => (Options)MemberwiseClone();
    }
}

/// <summary>
/// The fitted nearest-gene mapper: adds <c>MatchedGene</c> (text), <c>Score</c> (float), <c>MatchedGenes</c> and
/// <c>MatchedScores</c> (top-k). A façade over an ML.NET <c>CustomMapping</c> (<see cref="DelegatingTransformer"/>); the
/// fitted genes are not in that chain, so save it with <see cref="NearestGeneMappingModel.Save"/> and load with
/// <see cref="NearestGeneMappingModel.Load"/>.
/// </summary>
public sealed class NearestGeneMappingTransformer : DelegatingTransformer
{
    private NearestGeneMappingTransformer(ITransformer inner, NearestGeneIndex index)
        : base(inner)
    {
        Index = index;
    }

    /// <summary>The fitted species-B genes, in fit order.</summary>
    public IReadOnlyList<string> Genes => Index.Genes;

    internal NearestGeneIndex Index { get; }

    internal static NearestGeneMappingTransformer Create(MLContext mlContext, NearestGeneIndex index, string embeddingColumn)
    {
        var mapping = mlContext.Transforms.CustomMapping<NearestGeneInput, NearestGeneOutput>(
            index.Map, NearestGeneMappingFactory.ContractName);
        var empty = mlContext.Data.LoadFromEnumerable(Array.Empty<NearestGeneInput>());
        ITransformer inner = embeddingColumn == NearestGeneMappingEstimator.Defaults.Embedding
            ? mapping.Fit(empty)
            : mlContext.Transforms.CopyColumns(NearestGeneMappingEstimator.Defaults.Embedding, embeddingColumn)
                .Append(mapping)
                .Fit(RenamedEmpty(mlContext, embeddingColumn));
        return new NearestGeneMappingTransformer(inner, index);
    }

    private static IDataView RenamedEmpty(MLContext mlContext, string embeddingColumn)
    {
        var definition = SchemaDefinition.Create(typeof(NearestGeneInput));
        definition[NearestGeneMappingEstimator.Defaults.Embedding].ColumnName = embeddingColumn;
        return mlContext.Data.LoadFromEnumerable(Array.Empty<NearestGeneInput>(), definition);
    }
}
