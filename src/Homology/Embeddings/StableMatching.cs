using PllmML.Data.Orthologs;
using PllmML.Kernels.Similarity;

namespace PllmML.Homology.Embeddings;

/// <summary>
/// Gale–Shapley stable matching with species A proposing, on complete preference lists ranked by similarity (ties by
/// row index) — what the original project prepared full preference matrices for (R matchingR). The full N × M lists
/// are never built: each A gene starts from its top-k list and, only when that is used up, fetches its next best B
/// genes by scoring its row on demand; a B gene compares proposers by their exact pair score.
/// </summary>
/// <remarks>
/// With the CPU search the on-demand scores equal the top-k scores bit for bit, so the result equals Gale–Shapley on
/// the full matrices. Every A gene is matched when A has no more genes than B.
/// </remarks>
public static class StableMatching
{
    /// <summary>Matches.</summary>
    /// <param name="neighbours">The search result (its top-k lists seed the preference lists).</param>
    /// <returns>The stable pairs, ordered by score desc, then gene A, then gene B.</returns>
    public static IReadOnlyList<GenePair> Match(GeneNeighbours neighbours)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        var vectors = neighbours.Vectors;
        var lists = Enumerable.Range(0, vectors.RowsA)
            .Select(a => new PreferenceList(neighbours.TopK.AToB, a))
            .ToArray();
        var partnerOfB = new int[vectors.RowsB];
        var scoreOfB = new float[vectors.RowsB];
        Array.Fill(partnerOfB, -1);
        var free = new Stack<int>(Enumerable.Range(0, vectors.RowsA).Reverse());
        while (free.Count > 0)
        {
            var a = free.Pop();
            if (!lists[a].TryNext(vectors, out var b, out var score))
            {
                continue;
            }

            var current = partnerOfB[b];
            if (current < 0)
            {
                (partnerOfB[b], scoreOfB[b]) = (a, score);
            }
            else if (TopKLess(score, a, scoreOfB[b], current))
            {
                (partnerOfB[b], scoreOfB[b]) = (a, score);
                free.Push(current);
            }
            else
            {
                free.Push(a);
            }
        }

        var pairs = new List<GenePair>();
        for (var b = 0; b < vectors.RowsB; b++)
        {
            if (partnerOfB[b] >= 0)
            {
                pairs.Add(new GenePair(neighbours.GenesA[partnerOfB[b]], neighbours.GenesB[b], FloatScores.ToDouble(scoreOfB[b])));
            }
        }

        pairs.Sort(GenePairOrder.ByScoreThenNames);
        return pairs;
    }

    /// <summary>Whether proposer (score, a) ranks before (otherScore, other): higher score, then lower row.</summary>
    private static bool TopKLess(float score, int a, float otherScore, int other) =>
        score > otherScore || (score == otherScore && a < other);

    /// <summary>One A gene's preference list, fetched lazily in growing batches.</summary>
    private sealed class PreferenceList
    {
        private readonly int _row;
        private readonly HashSet<int> _proposed = [];
        private int[] _targets;
        private float[] _scores;
        private int _next;
        private bool _exhausted;

        public PreferenceList(TopKNeighbours initial, int row)
        {
            _row = row;
            var count = 0;
            while (count < initial.K && initial.NeighboursOf(row)[count] >= 0)
            {
                count++;
            }

            _targets = initial.NeighboursOf(row)[..count].ToArray();
            _scores = initial.ScoresOf(row)[..count].ToArray();
        }

        public bool TryNext(UnitEmbeddingPair vectors, out int target, out float score)
        {
            while (true)
            {
                if (_next < _targets.Length)
                {
                    target = _targets[_next];
                    score = _scores[_next];
                    _next++;
                    if (_proposed.Add(target))
                    {
                        score = vectors.Score(_row, target);
                        return true;
                    }

                    continue;
                }

                if (_exhausted || _proposed.Count >= vectors.RowsB)
                {
                    (target, score) = (-1, float.NegativeInfinity);
                    return false;
                }

                Fetch(vectors, Math.Max(32, _targets.Length * 2));
            }
        }

        /// <summary>Scores the whole row and keeps the best <paramref name="count"/> B genes not yet proposed to.</summary>
        private void Fetch(UnitEmbeddingPair vectors, int count)
        {
            var all = new float[vectors.RowsB];
            vectors.ScoreRow(_row, all);
            var candidates = Enumerable.Range(0, vectors.RowsB)
                .Where(b => !_proposed.Contains(b))
                .OrderByDescending(b => all[b])
                .ThenBy(b => b)
                .Take(count)
                .ToArray();
            _exhausted = candidates.Length < count;
            _targets = candidates;
            _scores = candidates.Select(b => all[b]).ToArray();
            _next = 0;
        }
    }
}
