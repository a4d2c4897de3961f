namespace PllmML.Kernels.Similarity;

/// <summary>
/// The <see cref="K"/> most similar targets of each query, best first: row <c>q</c> holds
/// <c>Indices[q*K .. q*K+K-1]</c> and the matching <see cref="Scores"/>. Ties in score are ordered by target index
/// ascending, so results are deterministic. When there are fewer than K targets, the row is padded with index -1
/// and score <see cref="float.NegativeInfinity"/>.
/// </summary>
public sealed class TopKNeighbours
{
    /// <summary>Wraps the arrays; they are taken over, not copied.</summary>
    /// <param name="queryCount">Number of queries (rows).</param>
    /// <param name="k">Neighbours kept per query.</param>
    /// <param name="indices">Target index of each neighbour, row-major, length queries × k.</param>
    /// <param name="scores">Similarity of each neighbour, same layout.</param>
    /// <exception cref="ArgumentException">The array lengths do not equal queries × k.</exception>
    public TopKNeighbours(int queryCount, int k, int[] indices, float[] scores)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfNegative(queryCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (indices.Length != (long)queryCount * k || scores.Length != indices.Length)
        {
            throw new ArgumentException($"Expected {queryCount} × {k} indices and scores.", nameof(indices));
        }

        QueryCount = queryCount;
        K = k;
        Indices = indices;
        Scores = scores;
    }

    /// <summary>Number of queries.</summary>
    public int QueryCount { get; }

    /// <summary>Neighbours kept per query.</summary>
    public int K { get; }

    /// <summary>Target index of each neighbour (row-major; -1 for padding).</summary>
    public int[] Indices { get; }

    /// <summary>Similarity of each neighbour (row-major).</summary>
    public float[] Scores { get; }

    /// <summary>The neighbour indices of one query, best first.</summary>
    /// <param name="query">The query.</param>
    public ReadOnlySpan<int> NeighboursOf(int query) => Indices.AsSpan(query * K, K);

    /// <summary>The neighbour scores of one query, best first.</summary>
    /// <param name="query">The query.</param>
    public ReadOnlySpan<float> ScoresOf(int query) => Scores.AsSpan(query * K, K);
}
