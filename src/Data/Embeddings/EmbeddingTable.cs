namespace PllmML.Data.Embeddings;

/// <summary>
/// Named vectors: one embedding per gene (or per protein) — the output of the ESM-2 stage and the input of gene
/// mapping. Row <c>i</c> of <see cref="Vectors"/> belongs to <c>Ids[i]</c>.
/// </summary>
public sealed class EmbeddingTable
{
    /// <summary>Wraps ids and vectors; the arrays are taken over, not copied.</summary>
    /// <param name="ids">One id per row (gene symbol, gene id or protein id).</param>
    /// <param name="vectors">The embeddings, one row per id.</param>
    /// <exception cref="ArgumentException">The counts differ.</exception>
    public EmbeddingTable(string[] ids, DenseMatrix vectors)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(vectors);
        if (ids.Length != vectors.RowCount)
        {
            throw new ArgumentException($"{ids.Length} ids but {vectors.RowCount} vectors.", nameof(ids));
        }

        Ids = ids;
        Vectors = vectors;
    }

    /// <summary>The row ids.</summary>
    public string[] Ids { get; }

    /// <summary>The vectors, one row per id.</summary>
    public DenseMatrix Vectors { get; }

    /// <summary>Number of rows.</summary>
    public int Count => Ids.Length;

    /// <summary>Width of each vector.</summary>
    public int Width => Vectors.ColumnCount;

    /// <summary>The vector of one row.</summary>
    /// <param name="row">The row.</param>
    public ReadOnlySpan<float> this[int row] => Vectors.Row(row);
}
