using PllmML.Data.Orthologs;
using PllmML.Homology.Ensembl;

namespace PllmML.Homology.Tests.Ensembl;

public class HybridGreedyTests
{
    [SharedDataTheory]
    [InlineData("human_mice", "human_mice_LM_O2O.csv", 19_261)]
    [InlineData("human_pig", "human_pig_LM_O2O.csv", 16_245)]
    [InlineData("mice_pig", "mice_pig_LM_O2O.csv", 15_992)]
    public void Match_SeedCandidates_ReproducesSeedHybrid(string pair, string lmFile, int seedPairs)
    {
        var (a, b) = SeedFiles.Species(pair);
        var homology = SeedFiles.Pairs("HM_O2O", $"{pair}_o2o.csv");
        var languageModel = SeedFiles.Pairs("LM_O2O", lmFile);
        var seed = SeedFiles.Pairs("HL_O2O", $"{pair}_union_greedy.csv");
        // Correlations the seed files reveal: LM pairs, and every accepted hybrid pair (looked up in the full matrix).
        var correlations = languageModel.Pairs.Concat(seed.Pairs)
            .GroupBy(p => (p.GeneA, p.GeneB))
            .ToDictionary(g => g.Key, g => g.First().Score);

        var result = HybridGreedy.Match(
            SeedFiles.Biomart(pair), homology.Pairs, languageModel.Pairs,
            (x, y) => correlations.TryGetValue((x, y), out var r) ? r : null, a, b);

        var ours = SeedFiles.PairSet(result);
        var theirs = SeedFiles.PairSet(seed);
        // The correlations of rejected HM-only candidates and the matrix median are not in any published file
        // (they need the 15B embeddings), so the normalisation range differs slightly: a near-reproduction.
        Assert.Equal(seedPairs, seed.Count);
        Assert.InRange(result.Count, seedPairs - 5, seedPairs + 5);
        Assert.InRange(ours.Except(theirs).Count(), 0, seedPairs / 250);
    }

    [Fact]
    public void Match_HandExample_FillsNormalisesAndPicksBestDuplicateRow()
    {
        BiomartHomolog Row(int line, string a, string b, double identity, int confidence) => new()
        {
            LineNumber = line, QueryGene = a, TargetGene = b, TargetIdentity = identity, QueryIdentity = identity,
            Confidence = confidence, HomologyTypeName = "ortholog_one2one",
        };
        var biomart = new BiomartTable(
            "x.txt", "Gene name", "Mouse gene name",
            [Row(2, "A1", "B1", 80, 1), Row(3, "A1", "B1", 90, 0), Row(4, "A2", "B2", 50, 0), Row(5, "X", "Y", 20, 0)]);
        var correlation = new Dictionary<(string, string), double>
        {
            [("A1", "B1")] = 0.5, [("A2", "B2")] = 0.7, [("A2", "B1")] = 0.95, [("A3", "B2")] = 0.9,
        };

        var table = HybridGreedy.Match(
            biomart, [new("A1", "B1"), new("A2", "B2")], [new("A2", "B1", 0.95), new("A3", "B2", 0.9)],
            (a, b) => correlation[(a, b)], "human", "mice");

        Assert.Equal([("A1", "B1"), ("A3", "B2")], table.Pairs.Select(p => (p.GeneA, p.GeneB)));
        Assert.Equal([0.5, 0.9], table.GetScores("correlation"));
        Assert.Equal([80.0, 65.0], table.GetScores("identical_scores"));
        Assert.Equal([1.0, 0.0], table.GetScores("orthology confidence"));
        Assert.Equal(0.75, table.GetScores("combo_score")[0], 12);
        Assert.Equal((0.4 / 0.45) + 0.375, table.GetScores("combo_score")[1], 12);
    }
}
