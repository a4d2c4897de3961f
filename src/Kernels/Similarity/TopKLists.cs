namespace PllmML.Kernels.Similarity;

/// <summary>
/// The running top-k of many queries: row <c>q</c> holds its best k (score desc, then index asc) in
/// <c>[q*k, q*k+k)</c>. Empty slots hold index -1 and score -∞. The one top-k selection of PllmML's similarity
/// searches (CPU, ILGPU folding, and the nearest-gene mapping's per-row query); NaN scores never enter.
/// </summary>
public sealed class TopKLists
{
    /// <summary>Empty lists.</summary>
    /// <param name="queries">Number of queries.</param>
    /// <param name="k">Entries kept per query.</param>
    public TopKLists(int queries, int k)
    {
        Queries = queries;
        K = k;
        Indices = new int[(long)queries * k];
        Scores = new float[Indices.Length];
        Array.Fill(Indices, -1);
        Array.Fill(Scores, float.NegativeInfinity);
    }

    /// <summary>Number of queries.</summary>
    public int Queries { get; }

    /// <summary>Entries kept per query.</summary>
    public int K { get; }

    /// <summary>Candidate index of every slot, row-major (-1 when empty).</summary>
    public int[] Indices { get; }

    /// <summary>Score of every slot, row-major (-∞ when empty).</summary>
    public float[] Scores { get; }

    /// <summary>The k-th best score of a query: a candidate below it cannot enter.</summary>
    /// <param name="query">The query.</param>
    public float Threshold(int query) => Scores[(query * K) + K - 1];

    /// <summary>Whether (score, index) ranks before (otherScore, otherIndex); empty slots rank last.</summary>
    /// <param name="score">The candidate's score.</param>
    /// <param name="index">The candidate's index.</param>
    /// <param name="otherScore">The other entry's score.</param>
    /// <param name="otherIndex">The other entry's index (-1 for an empty slot).</param>
    public static bool Precedes(float score, int index, float otherScore, int otherIndex) =>
        score > otherScore || (score == otherScore && (otherIndex < 0 || index < otherIndex));

    /// <summary>Offers a candidate to a query's list.</summary>
    /// <param name="query">The query.</param>
    /// <param name="index">The candidate's index.</param>
    /// <param name="score">The candidate's score.</param>
    public void Offer(int query, int index, float score)
    {
        var start = query * K;
        var last = start + K - 1;
        if (!Precedes(score, index, Scores[last], Indices[last]))
        {
            return;
        }

        var position = last;
        while (position > start && Precedes(score, index, Scores[position - 1], Indices[position - 1]))
        {
            Scores[position] = Scores[position - 1];
            Indices[position] = Indices[position - 1];
            position--;
        }

        Scores[position] = score;
        Indices[position] = index;
    }

    /// <summary>Offers every entry of another list set of the same shape.</summary>
    /// <param name="other">The other lists.</param>
    public void Merge(TopKLists other)
    {
        for (var query = 0; query < Queries; query++)
        {
            for (var slot = query * K; slot < (query + 1) * K && other.Indices[slot] >= 0; slot++)
            {
                Offer(query, other.Indices[slot], other.Scores[slot]);
            }
        }
    }

    /// <summary>The lists as a result (the arrays are shared, not copied).</summary>
    public TopKNeighbours ToNeighbours() => new(Queries, K, Indices, Scores);
}
