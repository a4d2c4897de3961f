using PllmML.Data.Orthologs;
using PllmML.Evaluation;

namespace PllmML.Evaluation.Tests;

public class GeneMapQualityTests
{
    [Fact]
    public void Compare_CountsPairsCoverageAndAgreement()
    {
        var reference = new GenePairTable("human", "mouse", [new("INS", "Ins1"), new("INS", "Ins2"), new("GCG", "Gcg"), new("SST", "Sst"), new("PPY", "Ppy")]);
        var predicted = new GenePairTable("human", "mouse", [new("INS", "Ins2", 0.9), new("GCG", "Gcg", 0.8), new("SST", "Ppy", 0.4), new("NEW1", "New1", 0.3), new("GCG", "Gcg", 0.8)]);
        var quality = GeneMapQuality.Compare(predicted, reference);
        Assert.Equal(4, quality.PredictedPairs);      // the repeated GCG–Gcg counts once
        Assert.Equal(5, quality.ReferencePairs);
        Assert.Equal(2, quality.SharedPairs);          // INS–Ins2, GCG–Gcg
        Assert.Equal(3.0 / 4, quality.CoverageA);      // INS, GCG, SST of INS, GCG, SST, PPY
        Assert.Equal(3.0 / 5, quality.CoverageB);      // Ins2, Gcg, Ppy of Ins1, Ins2, Gcg, Sst, Ppy
        Assert.Equal(2.0 / 4, quality.Agreement);
        Assert.Equal(2.0 / 3, quality.AgreementOnReferenceGenes); // NEW1 is not judged
        Assert.Equal(2.0 / 5, quality.Recall);
        Assert.Equal([0.9, 0.8, 0.4, 0.3, 0.8], quality.Scores);
    }

    [Fact]
    public void Compare_EmptyReference_IsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => GeneMapQuality.Compare(new GenePairTable("a", "b", [new("X", "x")]), new GenePairTable("a", "b", [])));
        Assert.Contains("reference has no pairs", error.Message, StringComparison.Ordinal);
    }
}
