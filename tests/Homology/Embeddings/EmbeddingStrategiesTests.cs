using PllmML.Data.Orthologs;
using PllmML.Homology.Embeddings;

namespace PllmML.Homology.Tests.Embeddings;

public class EmbeddingStrategiesTests
{
    [Fact]
    public void MutualBestHits_EqualBruteForceOverFullMatrix()
    {
        var (a, b) = EmbeddingFixtures.Orthologs(120, 150, 48, 1);
        var neighbours = EmbeddingFixtures.Search(a, b, 3);
        var full = EmbeddingFixtures.Full(neighbours);

        var expected = new List<(string, string)>();
        for (var i = 0; i < 120; i++)
        {
            var best = ArgBest(Enumerable.Range(0, 150).Select(j => full[i, j]).ToArray());
            if (ArgBest(Enumerable.Range(0, 120).Select(r => full[r, best]).ToArray()) == i)
            {
                expected.Add((a.Ids[i], b.Ids[best]));
            }
        }

        var actual = MutualBestHits.Find(neighbours);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), actual.Select(p => (p.GeneA, p.GeneB)).Order());
    }

    [Fact]
    public void Greedy_TopKCandidates_EqualsGreedyOverBruteForceCandidates()
    {
        const int k = 4;
        var (a, b) = EmbeddingFixtures.Orthologs(90, 70, 32, 2, noise: 1.0);
        var neighbours = EmbeddingFixtures.Search(a, b, k);
        var full = EmbeddingFixtures.Full(neighbours);
        var candidates = new HashSet<(int, int)>();
        for (var i = 0; i < 90; i++)
        {
            foreach (var j in TopIndices(Enumerable.Range(0, 70).Select(c => full[i, c]).ToArray(), k))
            {
                candidates.Add((i, j));
            }
        }

        for (var j = 0; j < 70; j++)
        {
            foreach (var i in TopIndices(Enumerable.Range(0, 90).Select(r => full[r, j]).ToArray(), k))
            {
                candidates.Add((i, j));
            }
        }

        var sorted = candidates
            .OrderByDescending(c => full[c.Item1, c.Item2])
            .ThenBy(c => a.Ids[c.Item1], StringComparer.Ordinal)
            .ThenBy(c => b.Ids[c.Item2], StringComparer.Ordinal);
        var usedA = new HashSet<int>();
        var usedB = new HashSet<int>();
        var expected = sorted.Where(c => !usedA.Contains(c.Item1) && !usedB.Contains(c.Item2) && usedA.Add(c.Item1) && usedB.Add(c.Item2))
            .Select(c => (a.Ids[c.Item1], b.Ids[c.Item2]))
            .ToList();

        var actual = GreedyMatching.Match(neighbours);

        Assert.Equal(expected, actual.Select(p => (p.GeneA, p.GeneB)));
    }

    [Fact]
    public void Greedy_MutualBestHitCandidates_EqualsMutualBestHits()
    {
        var (a, b) = EmbeddingFixtures.Orthologs(60, 80, 24, 3);
        var neighbours = EmbeddingFixtures.Search(a, b, 5);

        Assert.Equal(MutualBestHits.Find(neighbours), GreedyMatching.Match(neighbours, GreedyCandidates.MutualBestHits));
    }

    [SharedDataTheory]
    [InlineData("human_mice_LM_O2O.csv")]
    [InlineData("human_pig_LM_O2O.csv")]
    [InlineData("mice_pig_LM_O2O.csv")]
    public void GreedyOrder_SeedLanguageModelTable_IsItsOwnAcceptanceOrder(string file)
    {
        // The original wrote LM_O2O in acceptance order of its greedy; the file has ~90 exact score ties, so this
        // checks the tie rule (gene A, then gene B, ordinal) against the original's output.
        var seed = SeedFiles.Pairs("LM_O2O", file);
        var shuffled = seed.Pairs.OrderBy(pair => pair.GeneB.GetHashCode(StringComparison.Ordinal)).ToList();

        var accepted = GreedyOneToOne.Match(shuffled, p => p.GeneA, p => p.GeneB, GenePairOrder.ByScoreThenNames);

        Assert.Equal(seed.Pairs, accepted);
        Assert.True(seed.Pairs.GroupBy(pair => pair.Score).Count() < seed.Count - 80);
    }

    [Fact]
    public void Stable_LazyLists_EqualGaleShapleyOnFullPreferenceLists()
    {
        var (a, b) = EmbeddingFixtures.Orthologs(80, 100, 16, 4, noise: 1.5);
        var neighbours = EmbeddingFixtures.Search(a, b, 2);
        var full = EmbeddingFixtures.Full(neighbours);

        var expected = FullGaleShapley(full, 80, 100);
        var actual = StableMatching.Match(neighbours);

        Assert.Equal(80, actual.Count);
        Assert.Equal(
            expected.Select(p => (a.Ids[p.A], b.Ids[p.B])).Order(),
            actual.Select(p => (p.GeneA, p.GeneB)).Order());
        AssertNoBlockingPair(actual, neighbours, full);
    }

    [Fact]
    public void Stable_MoreGenesInA_LeavesExtraUnmatchedAndStable()
    {
        var (a, b) = EmbeddingFixtures.Orthologs(50, 30, 12, 5, noise: 1.0);
        var neighbours = EmbeddingFixtures.Search(a, b, 1);

        var actual = StableMatching.Match(neighbours);

        Assert.Equal(30, actual.Count);
        AssertNoBlockingPair(actual, neighbours, EmbeddingFixtures.Full(neighbours));
    }

    [Fact]
    public void ManyToMany_EveryTopKPairAboveThreshold_WithRanks()
    {
        const int k = 3;
        const float threshold = 0.3f;
        var (a, b) = EmbeddingFixtures.Orthologs(40, 50, 20, 6);
        var neighbours = EmbeddingFixtures.Search(a, b, k);
        var full = EmbeddingFixtures.Full(neighbours);
        var expected = new HashSet<(string, string)>();
        for (var i = 0; i < 40; i++)
        {
            foreach (var j in TopIndices(Enumerable.Range(0, 50).Select(c => full[i, c]).ToArray(), k).Where(j => full[i, j] >= threshold))
            {
                expected.Add((a.Ids[i], b.Ids[j]));
            }
        }

        for (var j = 0; j < 50; j++)
        {
            foreach (var i in TopIndices(Enumerable.Range(0, 40).Select(r => full[r, j]).ToArray(), k).Where(i => full[i, j] >= threshold))
            {
                expected.Add((a.Ids[i], b.Ids[j]));
            }
        }

        var table = ManyToManyMapping.Find(neighbours, threshold, "human", "mice");

        Assert.True(expected.SetEquals(table.Pairs.Select(p => (p.GeneA, p.GeneB))));
        Assert.Equal(["correlation", "rank_in_a", "rank_in_b"], table.ScoreColumnNames);
        Assert.Equal("human gene name", table.GeneAColumn);
        Assert.All(table.Pairs, pair => Assert.True(pair.Score >= threshold));
        Assert.True(table.Pairs.Select(p => p.GeneB).Distinct().Count() < table.Count, "some B gene keeps several partners");
    }

    private static void AssertNoBlockingPair(IReadOnlyList<GenePair> pairs, GeneNeighbours neighbours, float[,] full)
    {
        var indexA = neighbours.GenesA.Select((gene, i) => (gene, i)).ToDictionary(x => x.gene, x => x.i);
        var indexB = neighbours.GenesB.Select((gene, i) => (gene, i)).ToDictionary(x => x.gene, x => x.i);
        var partnerOfA = pairs.ToDictionary(p => indexA[p.GeneA], p => indexB[p.GeneB]);
        var partnerOfB = pairs.ToDictionary(p => indexB[p.GeneB], p => indexA[p.GeneA]);
        for (var a = 0; a < neighbours.GenesA.Count; a++)
        {
            for (var b = 0; b < neighbours.GenesB.Count; b++)
            {
                var aPrefers = !partnerOfA.TryGetValue(a, out var pb) || Better(full[a, b], b, full[a, pb], pb);
                var bPrefers = !partnerOfB.TryGetValue(b, out var pa) || Better(full[a, b], a, full[pa, b], pa);
                Assert.False(aPrefers && bPrefers && pb != b, $"blocking pair {a}-{b}");
            }
        }
    }

    private static bool Better(float score, int index, float other, int otherIndex) =>
        score > other || (score == other && index < otherIndex);

    private static List<(int A, int B)> FullGaleShapley(float[,] full, int rowsA, int rowsB)
    {
        var preferences = Enumerable.Range(0, rowsA)
            .Select(a => Enumerable.Range(0, rowsB).OrderByDescending(b => full[a, b]).ThenBy(b => b).ToArray())
            .ToArray();
        var next = new int[rowsA];
        var partnerOfB = Enumerable.Repeat(-1, rowsB).ToArray();
        var free = new Queue<int>(Enumerable.Range(0, rowsA));
        while (free.Count > 0)
        {
            var a = free.Dequeue();
            if (next[a] >= rowsB)
            {
                continue;
            }

            var b = preferences[a][next[a]++];
            var current = partnerOfB[b];
            if (current < 0)
            {
                partnerOfB[b] = a;
            }
            else if (Better(full[a, b], a, full[current, b], current))
            {
                partnerOfB[b] = a;
                free.Enqueue(current);
            }
            else
            {
                free.Enqueue(a);
            }
        }

        return Enumerable.Range(0, rowsB).Where(b => partnerOfB[b] >= 0).Select(b => (partnerOfB[b], b)).ToList();
    }

    private static int ArgBest(float[] scores) => TopIndices(scores, 1)[0];

    private static int[] TopIndices(float[] scores, int k) =>
        Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k).ToArray();
}
