using PllmML.Trainers.Deep;

namespace PllmML.Deep.Tests;

/// <summary>scANVI on small synthetic data: labels of one batch only, determinism, the managed classifier, refusals.</summary>
public class ScanviTrainerTests
{
    private static readonly ScviOptions Network = new() { NHidden = 16, NLatent = 4, MaxEpochs = 15, BatchSize = 32, KlWarmupEpochs = 5, Threads = 1, Seed = 5 };
    private static readonly ScanviOptions Semi = new() { MaxEpochs = 8, KlWarmupEpochs = null };

    /// <summary>Batch 0's labels only: the classifier transfers them to batch 1's cells (whose types it never saw labelled).</summary>
    [Fact]
    public void Fit_LabelsOfOneBatch_ClassifyTheOtherBatch_AndTheManagedClassifierAgrees()
    {
        var (data, types) = SyntheticCounts.Make(240, 40, 2, 3, seed: 3);
        var labels = types.Select((type, cell) => data.Batches[cell] == 0 ? type : -1).ToArray();
        using var model = ScanviTrainer.Fit(data, labels, 3, Network, Semi);

        var probabilities = model.PredictProbabilities(data.Counts, data.Batches);
        var unlabelled = Enumerable.Range(0, types.Length).Where(cell => labels[cell] < 0).ToArray();
        var correct = unlabelled.Count(cell => ArgMax(probabilities.AsSpan(cell * 3, 3)) == types[cell]);
        Assert.True(correct >= 0.9 * unlabelled.Length, $"{correct} of {unlabelled.Length} unlabelled cells");

        var encoder = new LatentEncoder(model.ExportEncoder());
        var classifier = new LatentClassifier(model.ExportClassifier());
        var latent = encoder.Encode(data.Counts, data.Batches);
        var served = new float[3];
        for (var cell = 0; cell < types.Length; cell++)
        {
            classifier.Predict(latent.AsSpan(cell * 4, 4), served);
            for (var k = 0; k < 3; k++)
            {
                Assert.True(Math.Abs(served[k] - probabilities[(cell * 3) + k]) <= 1e-5, $"cell {cell} type {k}: {served[k]} vs {probabilities[(cell * 3) + k]}");
            }
        }

        Assert.Equal(Semi.MaxEpochs, model.History.Count);
        Assert.All(model.History, epoch => Assert.True(double.IsFinite(epoch.ValidationElbo)));
    }

    /// <summary>
    /// The cross-species recipe's options: adversaries in both phases and at most a few labelled cells per type and
    /// epoch. The batch-0 labels still classify batch 1, and the same seed gives the same model.
    /// </summary>
    [Fact]
    public void Fit_WithAdversariesAndSamplesPerLabel_StillClassifiesTheOtherBatch_AndIsDeterministic()
    {
        var (data, types) = SyntheticCounts.Make(240, 40, 2, 3, seed: 3);
        var labels = types.Select((type, cell) => data.Batches[cell] == 0 ? type : -1).ToArray();
        var network = Network.Copy();
        network.AdversarialClassifier = true;
        network.AdversarialScale = 1;
        var semi = Semi.Copy();
        semi.AdversarialClassifier = true;
        semi.AdversarialScale = 1;
        semi.SamplesPerLabel = 10;
        using var first = ScanviTrainer.Fit(data, labels, 3, network, semi);
        using var second = ScanviTrainer.Fit(data, labels, 3, network, semi);

        var probabilities = first.PredictProbabilities(data.Counts, data.Batches);
        var unlabelled = Enumerable.Range(0, types.Length).Where(cell => labels[cell] < 0).ToArray();
        var correct = unlabelled.Count(cell => ArgMax(probabilities.AsSpan(cell * 3, 3)) == types[cell]);
        Assert.True(correct >= 0.9 * unlabelled.Length, $"{correct} of {unlabelled.Length} unlabelled cells");
        Assert.Equal(first.ExportClassifier().OutputWeight, second.ExportClassifier().OutputWeight);
        Assert.Equal(first.ExportEncoder().MeanWeight, second.ExportEncoder().MeanWeight);
        Assert.Equal(first.History, second.History);

        // 40 labelled cells of each type: 10 per type and epoch is another draw than all of them.
        semi.SamplesPerLabel = null;
        using var all = ScanviTrainer.Fit(data, labels, 3, network, semi);
        Assert.NotEqual(first.ExportClassifier().OutputWeight, all.ExportClassifier().OutputWeight);
    }

    [Fact]
    public void Fit_SameSeed_GivesTheSameClassifierBitForBit()
    {
        var (data, types) = SyntheticCounts.Make(80, 30, 2, 3, seed: 1);
        var labels = types.Select((type, cell) => data.Batches[cell] == 0 ? type : -1).ToArray();
        var small = Network.Copy();
        small.MaxEpochs = 3;
        var semi = Semi.Copy();
        semi.MaxEpochs = 2;
        using var first = ScanviTrainer.Fit(data, labels, 3, small, semi);
        using var second = ScanviTrainer.Fit(data, labels, 3, small, semi);

        Assert.Equal(first.ExportClassifier().OutputWeight, second.ExportClassifier().OutputWeight);
        Assert.Equal(first.ExportEncoder().MeanWeight, second.ExportEncoder().MeanWeight);
        Assert.Equal(first.History, second.History);
    }

    [Fact]
    public void Fit_BadAdversarialScaleOrSamplesPerLabel_IsRefused()
    {
        var (data, types) = SyntheticCounts.Make(40, 20, 2, 2, seed: 1);
        var labels = types.Select((type, cell) => data.Batches[cell] == 0 ? type : -1).ToArray();
        foreach (var semi in new[] { new ScanviOptions { AdversarialClassifier = true, AdversarialScale = -0.5 }, new ScanviOptions { AdversarialScale = double.NaN }, new ScanviOptions { SamplesPerLabel = 0 } })
        {
            Assert.Throws<ArgumentException>(() => ScanviTrainer.Fit(data, labels, 2, Network, semi));
        }
    }

    [Fact]
    public void Fit_NoLabelledCell_OrALabelOutOfRange_IsRefused()
    {
        var (data, _) = SyntheticCounts.Make(40, 20, 2, 2, seed: 1);
        var none = Enumerable.Repeat(-1, 40).ToArray();
        var error = Assert.Throws<ArgumentException>(() => ScanviTrainer.Fit(data, none, 2, Network, Semi));
        Assert.Contains("labelled cells", error.Message, StringComparison.Ordinal);

        var outOfRange = Enumerable.Repeat(2, 40).ToArray();
        Assert.Throws<ArgumentException>(() => ScanviTrainer.Fit(data, outOfRange, 2, Network, Semi));
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }
}
