using PllmML.Data;

namespace PllmML.Evaluation;

/// <summary>
/// What the metrics need, checked: a cells × dimensions embedding (finite values, in double precision), each cell's
/// cell type and each cell's batch (for cross-species work, the species).
/// </summary>
public sealed class EvaluationInput
{
    /// <summary>Creates the input from row-major values.</summary>
    /// <param name="cellCount">Number of cells (rows).</param>
    /// <param name="dimensions">Number of embedding dimensions (columns).</param>
    /// <param name="embedding">Row-major values, length cells × dimensions; every value finite.</param>
    /// <param name="labels">Cell type of each cell.</param>
    /// <param name="batches">Batch (species) of each cell.</param>
    /// <exception cref="ArgumentException">Sizes disagree, or a value is NaN or infinite (the first is named).</exception>
    public EvaluationInput(int cellCount, int dimensions, double[] embedding, LabelCodes labels, LabelCodes batches)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (embedding.Length != (long)cellCount * dimensions)
        {
            throw new ArgumentException($"The embedding holds {embedding.Length} values, expected {cellCount} × {dimensions}.", nameof(embedding));
        }

        if (labels.Length != cellCount || batches.Length != cellCount)
        {
            throw new ArgumentException($"{labels.Length} labels and {batches.Length} batches for {cellCount} cells.", nameof(labels));
        }

        var bad = Array.FindIndex(embedding, v => !double.IsFinite(v));
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"The embedding has a non-finite value ({embedding[bad]}) at cell {bad / dimensions}, dimension {bad % dimensions}.",
                nameof(embedding));
        }

        CellCount = cellCount;
        Dimensions = dimensions;
        Embedding = embedding;
        Labels = labels;
        Batches = batches;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, double> _batchRegression = new();

    /// <summary>Number of cells.</summary>
    public int CellCount { get; }

    /// <summary>Number of embedding dimensions.</summary>
    public int Dimensions { get; }

    /// <summary>Row-major embedding values.</summary>
    public IReadOnlyList<double> Embedding { get; }

    /// <summary>Cell type of each cell.</summary>
    public LabelCodes Labels { get; }

    /// <summary>Batch (species) of each cell.</summary>
    public LabelCodes Batches { get; }

    internal double[] Values => (double[])Embedding;

    /// <summary>
    /// PCR of this embedding on its own batches (<see cref="PrincipalComponentRegression.Compute"/>), computed once per
    /// component count: the unintegrated baseline's is the "before" of every embedding compared with it and its own "after".
    /// </summary>
    internal double BatchRegression(int componentCount) =>
        _batchRegression.GetOrAdd(componentCount, count => PrincipalComponentRegression.Compute(Values, CellCount, Dimensions, Batches, count));

    /// <summary>
    /// Takes the embedding <c>obsm[embeddingKey]</c> and the annotations <c>obs[labelKey]</c>, <c>obs[batchKey]</c>
    /// of single-cell data.
    /// </summary>
    /// <param name="cells">The cells.</param>
    /// <param name="embeddingKey">The <c>obsm</c> key of the embedding.</param>
    /// <param name="labelKey">The <c>obs</c> column with the cell type.</param>
    /// <param name="batchKey">The <c>obs</c> column with the batch (species).</param>
    /// <param name="filePath">The file the cells came from, named in errors.</param>
    /// <exception cref="DataFormatException">
    /// A key is missing (the message lists what exists), a cell has no label or batch, or the embedding has NaN.
    /// </exception>
    public static EvaluationInput FromCells(CellMatrix cells, string embeddingKey, string labelKey, string batchKey, string filePath)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var embedding = EmbeddingOf(cells, embeddingKey, filePath);
        var labels = ColumnOf(cells, labelKey, filePath);
        var batches = ColumnOf(cells, batchKey, filePath);
        return new EvaluationInput(cells.CellCount, embedding.ColumnCount, ToDouble(embedding, embeddingKey, filePath), labels, batches);
    }

    /// <summary>The embedding <c>obsm[key]</c>, or a clear error listing the keys that exist.</summary>
    /// <param name="cells">The cells.</param>
    /// <param name="key">The <c>obsm</c> key.</param>
    /// <param name="filePath">The file the cells came from.</param>
    /// <exception cref="DataFormatException">The key is missing.</exception>
    public static DenseMatrix EmbeddingOf(CellMatrix cells, string key, string filePath)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (!cells.Obsm.TryGetValue(key, out var embedding))
        {
            var existing = cells.Obsm.Count == 0 ? "none" : string.Join(", ", cells.Obsm.Keys.Order(StringComparer.Ordinal));
            throw new DataFormatException(filePath, $"obsm/{key}", $"no embedding named '{key}'; obsm has: {existing}");
        }

        return embedding;
    }

    /// <summary>Reads a categorical or text <c>obs</c> column as codes, or gives a clear error listing the columns.</summary>
    /// <param name="cells">The cells.</param>
    /// <param name="key">The <c>obs</c> column.</param>
    /// <param name="filePath">The file the cells came from.</param>
    /// <exception cref="DataFormatException">The column is missing, numeric, or a cell has no value.</exception>
    public static LabelCodes ColumnOf(CellMatrix cells, string key, string filePath)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (!cells.Obs.TryGetColumn(key, out var column))
        {
            var existing = cells.Obs.ColumnNames.Count == 0 ? "none" : string.Join(", ", cells.Obs.ColumnNames);
            throw new DataFormatException(filePath, $"obs/{key}", $"no cell annotation named '{key}'; obs has: {existing}");
        }

        string?[] values = column switch
        {
            CategoricalColumn categorical => Enumerable.Range(0, categorical.Length).Select(i => categorical[i]).ToArray(),
            StringColumn text => text.Values,
            _ => throw new DataFormatException(filePath, $"obs/{key}", $"'{key}' is not categorical or text; cell types and batches must be categories"),
        };
        var missing = Array.FindIndex(values, v => v is null);
        if (missing >= 0)
        {
            throw new DataFormatException(filePath, $"obs/{key}", $"cell {cells.CellNames[missing]} (row {missing}) has no value in '{key}'");
        }

        return new LabelCodes(values!);
    }

    private static double[] ToDouble(DenseMatrix embedding, string key, string filePath)
    {
        var values = new double[embedding.Values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var value = embedding.Values[i];
            if (!float.IsFinite(value))
            {
                throw new DataFormatException(
                    filePath, $"obsm/{key}", $"value {value} at cell {i / embedding.ColumnCount}, dimension {i % embedding.ColumnCount}; embeddings must be finite");
            }

            values[i] = value;
        }

        return values;
    }
}
