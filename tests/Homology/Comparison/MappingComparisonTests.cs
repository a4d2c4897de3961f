using PllmML.Data.Orthologs;
using PllmML.Homology.Comparison;

namespace PllmML.Homology.Tests.Comparison;

public class MappingComparisonTests
{
    [SharedDataTheory]
    [InlineData("LM_O2O/human_mice_LM_O2O.csv", "human_mice.csv", 16_119, 12_526, 0.7332, 14_165, 0.8843)]
    [InlineData("HM_O2O/human_mice_o2o.csv", "human_mice.csv", 18_352, 17_069, 0.9991, 17_073, 0.9998)]
    [InlineData("HL_O2O/human_mice_union_greedy.csv", "human_mice.csv", 19_261, 16_958, 0.9926, 17_036, 0.9954)]
    [InlineData("LM_O2O/mice_pig_LM_O2O.csv", "mice_pig.csv", 14_390, 12_747, 0.8207, 13_075, 0.9749)]
    [InlineData("LM_O2O/human_pig_LM_O2O.csv", "human_pig.csv", 14_402, 13_433, 0.8232, 13_689, 0.9813)]
    public void Compare_SeedTables_ReproducesReadmeFigures(
        string mapping, string reference, int pairs, int shared, double recovered, int comparable, double agreement)
    {
        var result = MappingComparison.Compare(
            SeedFiles.Pairs(mapping.Split('/')), SeedFiles.Pairs("ENS_O2O", reference));

        Assert.Equal((pairs, shared, comparable), (result.Pairs, result.SharedPairs, result.ComparablePairs));
        Assert.Equal(recovered, result.Recovered, 4);
        Assert.Equal(agreement, result.Agreement, 4);
    }

    [SharedDataFact]
    public void Compare_LanguageModelHumanMouse_ScoreDistributionMatchesMethodNotes()
    {
        var result = MappingComparison.Compare(
            SeedFiles.Pairs("LM_O2O", "human_mice_LM_O2O.csv"), SeedFiles.Pairs("ENS_O2O", "human_mice.csv"));

        Assert.True(result.OneToOne);
        Assert.Equal(0.614, result.Scores.Min, 3);
        Assert.Equal(0.9575, result.Scores.Median, 4);
        Assert.Equal(1.0000029, result.Scores.Max, 7);
        using var json = System.Text.Json.JsonDocument.Parse(result.ToJson());
        Assert.Equal(0.7332, json.RootElement.GetProperty("recovered").GetDouble(), 4);
        Assert.Equal(0.9575, json.RootElement.GetProperty("scores").GetProperty("median").GetDouble(), 4);
    }

    [Fact]
    public void Compare_SmallTables_CountsByHand()
    {
        var mapping = GenePairTable.Create("a", "b", [new("A1", "B1", 0.9), new("A2", "B9", 0.5), new("A3", "B3", double.NaN), new("A1", "B1", 0.9)], "score");
        var reference = GenePairTable.Create("a", "b", [new("A1", "B1"), new("A2", "B2"), new("A4", "B4")]);

        var result = MappingComparison.Compare(mapping, reference);

        Assert.Equal((4, 3, 3, 1), (result.Pairs, result.UniquePairs, result.ReferencePairs, result.SharedPairs));
        Assert.Equal((2, 1), (result.ComparablePairs, result.AgreeingPairs));
        Assert.Equal(1.0 / 3, result.Recovered, 12);
        Assert.Equal(0.5, result.Agreement, 12);
        Assert.Equal((3, 1), (result.Scores.Count, result.Scores.Missing));
        Assert.Equal(0.9, result.Scores.Median, 12);
    }

    [Fact]
    public void Compare_OneDefinitionOfAgreement_JudgesOnlyGenesTheReferenceMaps()
    {
        // Formerly the evaluation's gene-map quality case: its "agreement on reference genes" is the one agreement.
        var reference = new GenePairTable("human", "mouse", [new("INS", "Ins1"), new("INS", "Ins2"), new("GCG", "Gcg"), new("SST", "Sst"), new("PPY", "Ppy")]);
        var predicted = new GenePairTable("human", "mouse", [new("INS", "Ins2", 0.9), new("GCG", "Gcg", 0.8), new("SST", "Ppy", 0.4), new("NEW1", "New1", 0.3), new("GCG", "Gcg", 0.8)]);

        var result = MappingComparison.Compare(predicted, reference);

        Assert.Equal((5, 4, 5, 2), (result.Pairs, result.UniquePairs, result.ReferencePairs, result.SharedPairs)); // GCG–Gcg counts once
        Assert.Equal((3, 2), (result.ComparablePairs, result.AgreeingPairs)); // NEW1 is not judged
        Assert.Equal(2.0 / 3, result.Agreement, 12);
        Assert.Equal(2.0 / 4, result.Precision, 12);
        Assert.Equal(2.0 / 5, result.Recovered, 12);
        Assert.Equal(3.0 / 4, result.CoverageA, 12); // INS, GCG, SST of INS, GCG, SST, PPY
        Assert.Equal(3.0 / 5, result.CoverageB, 12); // Ins2, Gcg, Ppy of Ins1, Ins2, Gcg, Sst, Ppy
        Assert.Equal([0.9, 0.8, 0.4, 0.3, 0.8], result.FiniteScores);
        Assert.DoesNotContain("finite_scores", result.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_EmptyReference_GivesNaNRatios()
    {
        var result = MappingComparison.Compare(new GenePairTable("a", "b", [new("X", "x", 1)]), new GenePairTable("a", "b", []));

        Assert.Equal((1, 0, 0), (result.UniquePairs, result.ReferencePairs, result.ComparablePairs));
        Assert.True(double.IsNaN(result.Agreement) && double.IsNaN(result.Recovered) && double.IsNaN(result.CoverageA));
        Assert.Equal(0, result.Precision);
    }
}
