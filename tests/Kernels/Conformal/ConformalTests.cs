using PllmML.Kernels.Conformal;

namespace PllmML.Kernels.Tests.Conformal;

/// <summary>Split-conformal thresholds and stratified folds against their definitions, checked by brute force.</summary>
public sealed class ConformalTests
{
    [Theory]
    [InlineData(19, 0.9)]
    [InlineData(99, 0.95)]
    [InlineData(40, 0.8)]
    public void Threshold_CoversExchangeableScores_AtLeastAtTheLevel_AndAtMostOneOverNPlusOneAbove(int n, double coverage)
    {
        // Exchangeable uniform scores: P(new ≤ q̂) = ⌈(n+1)(1−α)⌉/(n+1) exactly, so the empirical rate over many draws lies
        // at the level or above by less than 1/(n+1) (Angelopoulos & Bates, Theorem 1 and its upper bound).
        var random = new Random(7);
        var covered = 0;
        const int Trials = 20000;
        for (var trial = 0; trial < Trials; trial++)
        {
            var scores = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).Order().ToArray();
            covered += random.NextDouble() <= ConformalQuantile.Threshold(scores, coverage) ? 1 : 0;
        }

        var rate = (double)covered / Trials;
        var exact = Math.Ceiling((n + 1) * coverage) / (n + 1);
        Assert.InRange(rate, exact - 0.01, exact + 0.01);
        Assert.True(exact >= coverage && exact < coverage + (1.0 / (n + 1)) + 1e-12);
    }

    [Fact]
    public void Threshold_IsTheCeilRankedScore_AndInfiniteWhenTooFewScores()
    {
        float[] scores = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f];

        // n = 9, 1 − α = 0.8: ⌈10 · 0.8⌉ = 8 → the 8th smallest.
        Assert.Equal(0.8f, ConformalQuantile.Threshold(scores, 0.8));
        // ⌈10 · 0.95⌉ = 10 > 9: the level cannot be promised with 9 scores.
        Assert.Equal(double.PositiveInfinity, ConformalQuantile.Threshold(scores, 0.95));
        Assert.Equal(double.PositiveInfinity, ConformalQuantile.Threshold([], 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConformalQuantile.Threshold(scores, 1));
    }

    [Fact]
    public void PValue_CountsTheScoresAtLeastAsLarge()
    {
        float[] scores = [0.1f, 0.2f, 0.3f, 0.4f];

        Assert.Equal(5.0 / 5, ConformalQuantile.PValue(scores, 0.05));
        Assert.Equal(3.0 / 5, ConformalQuantile.PValue(scores, 0.3));
        Assert.Equal(1.0 / 5, ConformalQuantile.PValue(scores, 0.9));
    }

    [Fact]
    public void StratifiedFolds_SpreadEveryClassEvenly_AndDependOnlyOnTheSeed()
    {
        var classes = Enumerable.Range(0, 487).Select(item => item % 7 == 0 ? 0 : item % 3 == 0 ? 1 : item < 20 ? 3 : 2).ToArray();

        var folds = StratifiedFolds.Assign(classes, 5, seed: 3);

        foreach (var type in classes.Distinct())
        {
            var perFold = Enumerable.Range(0, 5).Select(fold => Enumerable.Range(0, classes.Length).Count(item => classes[item] == type && folds[item] == fold)).ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {type}: {string.Join(", ", perFold)}");
        }

        Assert.Equal(folds, StratifiedFolds.Assign(classes, 5, seed: 3));
        Assert.NotEqual(folds, StratifiedFolds.Assign(classes, 5, seed: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedFolds.Assign(classes, 1, 0));
    }
}
