using PllmML.TorchInterop;
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace PllmML.Deep;

/// <summary>
/// Trains scANVI (Xu et al. 2021, scvi-tools' <c>SCANVI.from_scvi_model</c> then <c>train</c>) on the CPU: scVI first
/// (<see cref="ScviTrainer"/>), then the whole network — the scVI encoder and decoder, the classifier, q(z2 | z1, y) and
/// p(z1 | z2, y) — with Adam (the scVI options' learning rate, ε and weight decay) on minibatches of all training cells
/// (the unlabelled ELBO, labels marginalised with the classifier's probabilities, KL weight warmed up again) plus, each
/// step, a minibatch of labelled cells' cross-entropy × <see cref="ScanviOptions.ClassificationRatio"/>.
/// </summary>
/// <remarks>Deterministic as <see cref="ScviTrainer"/>: the same data, options and threads give the same model bit for bit.</remarks>
public static class ScanviTrainer
{
    /// <summary>Trains a model.</summary>
    /// <param name="data">Counts and batches.</param>
    /// <param name="labels">Each cell's cell type (0 … <paramref name="labelCount"/> − 1), or −1 when unlabelled.</param>
    /// <param name="labelCount">Cell types (at least 2).</param>
    /// <param name="scvi">Network and scVI-phase parameters; defaults when null.</param>
    /// <param name="options">scANVI-phase parameters; defaults when null.</param>
    /// <param name="progress">Called after every epoch of both phases.</param>
    /// <exception cref="ArgumentException">The data, labels or options are invalid, or no cell is labelled.</exception>
    public static ScanviModel Fit(
        ScviTrainingData data, IReadOnlyList<int> labels, int labelCount, ScviOptions? scvi = null, ScanviOptions? options = null, Action<ScviEpoch>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        data.Validate();
        scvi = (scvi ?? new ScviOptions()).Copy();
        options = (options ?? new ScanviOptions()).Copy();
        if (labels.Count != data.Counts.RowCount || labelCount < 2 || labels.Any(label => label < -1 || label >= labelCount))
        {
            throw new ArgumentException($"{labels.Count} labels for {data.Counts.RowCount} cells; labels must lie in −1 (unlabelled) … {labelCount - 1} and there must be at least 2 types.", nameof(labels));
        }

        if (!(options.ClassificationRatio >= 0) || options.MaxEpochs is <= 0 || options.KlWarmupEpochs is < 0
            || options.AdversarialScale is { } scale && !(scale >= 0) || options.SamplesPerLabel is <= 0)
        {
            throw new ArgumentException("ClassificationRatio and AdversarialScale must not be negative, MaxEpochs and SamplesPerLabel must be positive and KlWarmupEpochs not negative.", nameof(options));
        }

        lock (TorchRandomGate.Gate)
        {
            return FitSeeded(data, labels, labelCount, scvi, options, progress);
        }
    }

    private static ScanviModel FitSeeded(
        ScviTrainingData data, IReadOnlyList<int> labels, int labelCount, ScviOptions scvi, ScanviOptions options, Action<ScviEpoch>? progress)
    {
        var watch = Stopwatch.StartNew();
        var pretrained = ScviTrainer.Fit(data, scvi, progress);
        ScanviNetwork? network = null;
        try
        {
            torch.random.manual_seed(scvi.Seed + 1);
            var random = new Random(scvi.Seed + 1);
            var cells = data.Counts.RowCount;
            var order = Enumerable.Range(0, cells).ToArray();
            random.Shuffle(order);
            var trainCount = cells < 2 ? cells : Math.Clamp((int)Math.Ceiling(scvi.TrainFraction * cells), 1, cells);
            var train = order[..trainCount];
            var validation = order[trainCount..];
            var labelled = train.Where(cell => labels[cell] >= 0).ToArray();
            if (labelled.Length < 2)
            {
                throw new ArgumentException($"scANVI needs labelled cells to train its classifier; the training split has {labelled.Length}.", nameof(labels));
            }

            network = new ScanviNetwork(pretrained.Network, labelCount, options.LinearClassifier);
            using var adversary = AdversarialClassifier.For(options.AdversarialClassifier, scvi.NLatent, data.BatchCount, scvi.WeightDecay);
            using var optimizer = new AdamOptimizer(network.parameters(), scvi.LearningRate, scvi.AdamEpsilon, scvi.WeightDecay);
            var history = new List<ScviEpoch>();
            var byLabel = labelled.GroupBy(cell => labels[cell]).OrderBy(group => group.Key).Select(group => group.ToArray()).ToArray();
            if (options.SamplesPerLabel is { } perLabel)
            {
                labelled = new int[byLabel.Sum(group => Math.Min(group.Length, perLabel))];
            }

            var labelledBatch = Math.Min(scvi.BatchSize, labelled.Length);
            var next = labelled.Length;
            var epochs = options.EpochsFor(cells);
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                if (options.SamplesPerLabel is { } samples)
                {
                    // scvi-tools' SubSampleLabels: each epoch, up to the given number of each type's labelled cells.
                    var filled = 0;
                    foreach (var group in byLabel)
                    {
                        if (group.Length > samples)
                        {
                            random.Shuffle(group);
                        }

                        group.AsSpan(0, Math.Min(group.Length, samples)).CopyTo(labelled.AsSpan(filled));
                        filled += Math.Min(group.Length, samples);
                    }

                    next = labelled.Length;
                }

                var klWeight = options.KlWarmupEpochs is { } warmup && warmup > 0 ? Math.Min(1.0, (double)epoch / warmup) : 1.0;
                network.train();
                random.Shuffle(train);
                double reconstructionSum = 0, klSum = 0;
                var seen = 0;
                for (var start = 0; start < train.Length; start += scvi.BatchSize)
                {
                    var size = Math.Min(scvi.BatchSize, train.Length - start);
                    if (size < 3 && start > 0)
                    {
                        break;
                    }

                    using var scope = NewDisposeScope();
                    var picked = new int[labelledBatch];
                    for (var i = 0; i < picked.Length; i++)
                    {
                        if (next == labelled.Length)
                        {
                            random.Shuffle(labelled);
                            next = 0;
                        }

                        picked[i] = labelled[next++];
                    }

                    var (counts, batches) = ScviTrainer.Minibatch(data, train.AsSpan(start, size), ScalarType.Float32);
                    var (labelledCounts, labelledBatches) = ScviTrainer.Minibatch(data, picked, ScalarType.Float32);
                    var targets = tensor(picked.Select(cell => (long)labels[cell]).ToArray());
                    optimizer.ZeroGradients();
                    var (reconstruction, kl, latent) = network.LossAndLatent(counts, batches);
                    var loss = reconstruction.Plus(kl.Times(klWeight)).mean()
                        .Plus(network.ClassificationLoss(labelledCounts, labelledBatches, targets).Times(options.ClassificationRatio));
                    var kappa = options.AdversarialScale ?? (1 - klWeight);
                    if (adversary is not null)
                    {
                        loss = loss.Plus(adversary.FoolLoss(latent, batches).Times(kappa));
                    }

                    loss.backward();
                    optimizer.Step();
                    adversary?.Learn(latent, batches, kappa);
                    reconstructionSum += reconstruction.sum().item<float>();
                    klSum += kl.sum().item<float>();
                    seen += size;
                }

                var validationLoss = validation.Length < 2 ? double.NaN : ValidationLoss(network, data, validation);
                var record = new ScviEpoch(epoch, klWeight, reconstructionSum / Math.Max(1, seen), klSum / Math.Max(1, seen), validationLoss);
                history.Add(record);
                progress?.Invoke(record);
            }

            network.eval();
            return new ScanviModel(network, pretrained, history, watch.Elapsed);
        }
        catch
        {
            if (network is not null)
            {
                network.Dispose();
            }
            else
            {
                pretrained.Dispose();
            }

            throw;
        }
    }

    private static double ValidationLoss(ScanviNetwork network, ScviTrainingData data, int[] cells)
    {
        network.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (counts, batches) = ScviTrainer.Minibatch(data, cells, ScalarType.Float32);
        var (reconstruction, kl) = network.Loss(counts, batches);
        return reconstruction.Plus(kl).mean().item<float>();
    }
}
