using PllmML.Kernels.Neighbors;

namespace PllmML.Deep.Tests;

/// <summary>Training: determinism, the KL warm-up schedule, learning, and refusals of bad input.</summary>
public class ScviTrainerTests
{
    private static readonly ScviOptions Small = new() { NHidden = 16, NLatent = 4, MaxEpochs = 6, BatchSize = 16, KlWarmupEpochs = 4, Threads = 1, Seed = 7 };

    [Fact]
    public void Fit_SameSeed_GivesTheSameModelBitForBit()
    {
        var (data, _) = SyntheticCounts.Make(80, 30, 2, 3, seed: 1);
        using var first = ScviTrainer.Fit(data, Small);
        using var second = ScviTrainer.Fit(data, Small);
        var a = first.StateDictionary();
        var b = second.StateDictionary();
        Assert.Equal(a.Keys, b.Keys);
        foreach (var key in a.Keys)
        {
            Assert.True(a[key].AsSpan().SequenceEqual(b[key]), key);
        }

        Assert.Equal(first.History, second.History);
    }

    [Fact]
    public void Fit_TwoAtOnceInOneProcess_EachGivesTheModelOfItsSeedAlone()
    {
        // libtorch's random generator is one per process; fits running beside each other must not share its draws.
        var (data, _) = SyntheticCounts.Make(80, 30, 2, 3, seed: 1);
        var other = Small.Copy();
        other.Seed = 8;
        IReadOnlyDictionary<string, float[]> Alone(ScviOptions options)
        {
            using var model = ScviTrainer.Fit(data, options);
            return model.StateDictionary();
        }

        var expected = new[] { Alone(Small), Alone(other) };
        var together = new IReadOnlyDictionary<string, float[]>[2];
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, fit => together[fit] = Alone(fit == 0 ? Small : other));
        for (var fit = 0; fit < 2; fit++)
        {
            foreach (var key in expected[fit].Keys)
            {
                Assert.True(expected[fit][key].AsSpan().SequenceEqual(together[fit][key]), $"fit {fit}: {key}");
            }
        }
    }

    [Fact]
    public void Fit_OtherSeed_GivesOtherWeights()
    {
        var (data, _) = SyntheticCounts.Make(80, 30, 2, 3, seed: 1);
        using var first = ScviTrainer.Fit(data, Small);
        var other = Small.Copy();
        other.Seed = 8;
        using var second = ScviTrainer.Fit(data, other);
        Assert.False(first.StateDictionary()["px_r"].AsSpan().SequenceEqual(second.StateDictionary()["px_r"]));
    }

    [Fact]
    public void Fit_AdversarialClassifier_MixesTheBatchesInTheLatent_AndIsDeterministic()
    {
        var (data, types) = SyntheticCounts.Make(240, 40, 2, 3, seed: 2);
        var plain = new ScviOptions { NHidden = 32, NLatent = 4, MaxEpochs = 40, BatchSize = 32, KlWarmupEpochs = 40, EncodeCovariates = true, Threads = 1, Seed = 3 };
        var adversarial = plain.Copy();
        adversarial.AdversarialClassifier = true;
        adversarial.AdversarialScale = 5;
        (double OtherBatch, double SameType) Neighbourhoods(ScviOptions options, out IReadOnlyDictionary<string, float[]> state)
        {
            using var model = ScviTrainer.Fit(data, options);
            state = model.StateDictionary();
            var latent = model.GetLatentRepresentation(data.Counts, data.Batches).Select(value => (double)value).ToArray();
            var graph = NeighborSearches.Cpu.Search(latent, options.NLatent, 10);
            double other = 0, same = 0;
            for (var cell = 0; cell < graph.CellCount; cell++)
            {
                foreach (var neighbour in graph.NeighborsOf(cell))
                {
                    other += data.Batches[neighbour] != data.Batches[cell] ? 1 : 0;
                    same += types[neighbour] == types[cell] ? 1 : 0;
                }
            }

            return (other / (graph.CellCount * 10.0), same / (graph.CellCount * 10.0));
        }

        var without = Neighbourhoods(plain, out _);
        var with = Neighbourhoods(adversarial, out var first);
        Neighbourhoods(adversarial, out var second);
        Assert.True(with.OtherBatch >= without.OtherBatch + 0.1, $"other-batch share of 10 neighbours: {with.OtherBatch:F3} with the adversary, {without.OtherBatch:F3} without");
        Assert.True(with.SameType >= 0.9, $"same-type share with the adversary: {with.SameType:F3} ({without.SameType:F3} without)");
        Assert.Equal(first.Keys, second.Keys);
        Assert.All(first.Keys, key => Assert.True(first[key].AsSpan().SequenceEqual(second[key]), key));
    }

    [Fact]
    public void Fit_NegativeAdversarialScale_IsRefused()
    {
        var (data, _) = SyntheticCounts.Make(40, 20, 2, 2, seed: 1);
        var options = Small.Copy();
        options.AdversarialClassifier = true;
        options.AdversarialScale = -1;
        Assert.Contains("AdversarialScale", Assert.Throws<ArgumentException>(() => ScviTrainer.Fit(data, options)).Message, StringComparison.Ordinal);
        options.AdversarialScale = double.NaN;
        Assert.Throws<ArgumentException>(() => ScviTrainer.Fit(data, options));
    }

    [Fact]
    public void Fit_KlWeight_RisesLinearlyOverTheWarmUp()
    {
        var (data, _) = SyntheticCounts.Make(80, 30, 2, 3, seed: 1);
        using var model = ScviTrainer.Fit(data, Small);
        Assert.Equal([0, 0.25, 0.5, 0.75, 1, 1], model.History.Select(epoch => epoch.KlWeight));
        Assert.All(model.History, epoch => Assert.False(double.IsNaN(epoch.ValidationElbo)));
    }

    [Fact]
    public void Fit_Learns_ValidationElboFalls()
    {
        var (data, _) = SyntheticCounts.Make(200, 40, 2, 3, seed: 2);
        var options = Small.Copy();
        options.MaxEpochs = 40;
        options.KlWarmupEpochs = 10;
        using var model = ScviTrainer.Fit(data, options);
        Assert.True(model.History[^1].ValidationElbo < model.History[0].ValidationElbo * 0.9, $"{model.History[0].ValidationElbo} → {model.History[^1].ValidationElbo}");
    }

    [Fact]
    public void Fit_EarlyStopping_StopsWhenTheValidationElboStopsImproving()
    {
        var (data, _) = SyntheticCounts.Make(80, 30, 2, 3, seed: 1);
        var options = Small.Copy();
        options.MaxEpochs = 300;
        options.KlWarmupEpochs = null;
        options.LearningRate = 0.05;
        options.EarlyStopping = true;
        options.EarlyStoppingPatience = 3;
        using var model = ScviTrainer.Fit(data, options);
        Assert.True(model.History.Count < 300, $"{model.History.Count} epochs");
        var best = model.History.Take(model.History.Count - 3).Min(epoch => epoch.ValidationElbo);
        Assert.All(model.History.TakeLast(3), epoch => Assert.True(epoch.ValidationElbo >= best));
    }

    [Fact]
    public void EpochsFor_IsScviToolsHeuristic()
    {
        Assert.Equal(400, new ScviOptions().EpochsFor(662));
        Assert.Equal(80, new ScviOptions().EpochsFor(100_000));
        Assert.Equal(5, new ScviOptions { MaxEpochs = 5 }.EpochsFor(100_000));
    }

    [Fact]
    public void Fit_EmptyCell_IsRefusedNamingTheCell()
    {
        var data = new ScviTrainingData(Data.CsrMatrix.FromDense(2, 2, [1, 0, 0, 0]), [0, 0], 1);
        var error = Assert.Throws<ArgumentException>(() => ScviTrainer.Fit(data, Small));
        Assert.Contains("Cell 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_BatchOutOfRange_IsRefused()
    {
        var data = new ScviTrainingData(Data.CsrMatrix.FromDense(2, 2, [1, 0, 0, 1]), [0, 2], 2);
        Assert.Throws<ArgumentException>(() => ScviTrainer.Fit(data, Small));
    }
}
