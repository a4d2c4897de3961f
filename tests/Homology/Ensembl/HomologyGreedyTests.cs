using PllmML.Data.Orthologs;
using PllmML.Homology.Ensembl;

namespace PllmML.Homology.Tests.Ensembl;

public class HomologyGreedyTests
{
    [SharedDataTheory]
    [InlineData("human_mice", 18_352, 96)]
    [InlineData("human_pig", 16_124, 1)]
    [InlineData("mice_pig", 15_645, 21)]
    public void Match_FileOrderTies_SameCountDiffersOnlyAtTies(string pair, int seedPairs, int differing)
    {
        var (a, b) = SeedFiles.Species(pair);
        var seed = SeedFiles.PairSet(SeedFiles.Pairs("HM_O2O", $"{pair}_o2o.csv"));

        var result = HomologyGreedy.Match(SeedFiles.Biomart(pair), a, b);
        var ours = SeedFiles.PairSet(result.Pairs);

        Assert.Equal(seedPairs, result.Pairs.Count);
        Assert.Equal(seedPairs, seed.Count);
        Assert.Equal(differing, ours.Except(seed).Count());
        Assert.Equal(differing, seed.Except(ours).Count());
        // Every difference starts at a pair chosen among exact ties; one choice can move a later pair too.
        Assert.InRange(result.TiedChoices.Count, differing, (differing * 2) + 50);
    }

    [SharedDataTheory]
    [InlineData("human_mice")]
    [InlineData("human_pig")]
    [InlineData("mice_pig")]
    public void Match_TiesPreferringSeedPairs_ReproducesSeedExactly(string pair)
    {
        var (a, b) = SeedFiles.Species(pair);
        var seed = SeedFiles.PairSet(SeedFiles.Pairs("HM_O2O", $"{pair}_o2o.csv"));

        var result = HomologyGreedy.Match(
            SeedFiles.Biomart(pair), a, b, new HomologyGreedyOptions { PreferredOnTies = seed });

        Assert.True(seed.SetEquals(SeedFiles.PairSet(result.Pairs)));
    }

    [SharedDataTheory]
    [InlineData("human_mice")]
    [InlineData("human_pig")]
    [InlineData("mice_pig")]
    public void Match_FileOrderTies_EqualsTeamReproductionInOrder(string pair)
    {
        var (a, b) = SeedFiles.Species(pair);
        var reproduced = SeedFiles.Pairs("HM_O2O_reproduced", $"{pair}_HM_O2O_reproduced.csv");

        var result = HomologyGreedy.Match(SeedFiles.Biomart(pair), a, b);

        Assert.Equal(
            reproduced.Pairs.Select(p => (p.GeneA, p.GeneB)),
            result.Pairs.Pairs.Select(p => (p.GeneA, p.GeneB)));
        Assert.Equal(reproduced.GetScores("identical_scores"), result.Pairs.GetScores("identical_scores"));
    }
}
