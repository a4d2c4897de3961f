using PllmML.TorchInterop;
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace PllmML.Deep;

/// <summary>
/// Trains scVI (Lopez et al. 2018, scvi-tools' defaults) with TorchSharp on the CPU: a 0.9 / 0.1 train / validation
/// split, shuffled minibatches of 128 cells, Adam (lr 1e-3, ε 0.01, weight decay 1e-6), loss = mean over the
/// minibatch of reconstruction + KL weight × KL with the weight warmed up linearly over 400 epochs.
/// </summary>
/// <remarks>
/// Deterministic: the seed fixes the initial weights (libtorch's generator), the split and minibatch order
/// (<see cref="Random"/>), dropout and the latent samples, so the same data, options and thread count give the same
/// model bit for bit. A final minibatch of fewer than 3 cells is dropped (batch norm needs more than one cell; scvi-tools
/// warns about the same).
/// </remarks>
public static class ScviTrainer
{
    /// <summary>Trains a model.</summary>
    /// <param name="data">Counts and batches.</param>
    /// <param name="options">Parameters; defaults when null (copied, never changed).</param>
    /// <param name="progress">Called after every epoch.</param>
    /// <exception cref="ArgumentException">The data or options are invalid.</exception>
    public static ScviModel Fit(ScviTrainingData data, ScviOptions? options = null, Action<ScviEpoch>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.Validate();
        options = (options ?? new ScviOptions()).Copy();
        Validate(options);
        lock (TorchRandomGate.Gate)
        {
            return FitSeeded(data, options, progress);
        }
    }

    private static ScviModel FitSeeded(ScviTrainingData data, ScviOptions options, Action<ScviEpoch>? progress)
    {
        if (options.Threads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        var watch = Stopwatch.StartNew();
        torch.random.manual_seed(options.Seed);
        var random = new Random(options.Seed);
        var cells = data.Counts.RowCount;
        var order = Enumerable.Range(0, cells).ToArray();
        random.Shuffle(order);
        var trainCount = cells < 2 ? cells : Math.Clamp((int)Math.Ceiling(options.TrainFraction * cells), 1, cells);
        var train = order[..trainCount];
        var validation = order[trainCount..];

        var network = new ScviNetwork(data.Counts.ColumnCount, data.BatchCount, options);
        using var adversary = AdversarialClassifier.For(options.AdversarialClassifier, options.NLatent, data.BatchCount, options.WeightDecay);
        var history = new List<ScviEpoch>();
        try
        {
            using var optimizer = new AdamOptimizer(network.parameters(), options.LearningRate, options.AdamEpsilon, options.WeightDecay);
            var epochs = options.EpochsFor(cells);
            var best = double.PositiveInfinity;
            var sinceBest = 0;
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                var klWeight = options.KlWarmupEpochs is { } warmup && warmup > 0 ? Math.Min(1.0, (double)epoch / warmup) : 1.0;
                network.train();
                random.Shuffle(train);
                double reconstructionSum = 0, klSum = 0;
                var seen = 0;
                for (var start = 0; start < train.Length; start += options.BatchSize)
                {
                    var size = Math.Min(options.BatchSize, train.Length - start);
                    if (size < 3 && start > 0)
                    {
                        break;
                    }

                    using var scope = NewDisposeScope();
                    var (counts, batches) = Minibatch(data, train.AsSpan(start, size), ScalarType.Float32);
                    optimizer.ZeroGradients();
                    var (reconstruction, kl, latent) = network.LossAndLatent(counts, batches);
                    var loss = reconstruction.Plus(kl.Times(klWeight)).mean();
                    var kappa = options.AdversarialScale ?? (1 - klWeight);
                    if (adversary is not null && kappa > 0)
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

                var validationElbo = validation.Length == 0 ? double.NaN : Elbo(network, data, validation);
                var record = new ScviEpoch(epoch, klWeight, reconstructionSum / Math.Max(1, seen), klSum / Math.Max(1, seen), validationElbo);
                history.Add(record);
                progress?.Invoke(record);
                if (options.EarlyStopping && !double.IsNaN(validationElbo))
                {
                    if (validationElbo < best)
                    {
                        best = validationElbo;
                        sinceBest = 0;
                    }
                    else if (++sinceBest >= options.EarlyStoppingPatience)
                    {
                        break;
                    }
                }
            }

            network.eval();
            return new ScviModel(network, options, history, watch.Elapsed);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Dense counts and batch codes of some cells.</summary>
    internal static (Tensor Counts, Tensor Batches) Minibatch(ScviTrainingData data, ReadOnlySpan<int> cells, ScalarType type)
    {
        var genes = data.Counts.ColumnCount;
        var dense = new float[cells.Length * genes];
        var batches = new long[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            var columns = data.Counts.RowColumns(cells[i]);
            var values = data.Counts.RowValues(cells[i]);
            for (var e = 0; e < columns.Length; e++)
            {
                dense[(i * genes) + columns[e]] = values[e];
            }

            batches[i] = data.Batches[cells[i]];
        }

        var counts = tensor(dense, [cells.Length, genes]);
        return (type == ScalarType.Float32 ? counts : counts.to(type), tensor(batches));
    }

    private static double Elbo(ScviNetwork network, ScviTrainingData data, int[] cells)
    {
        network.eval();
        using var noGrad = no_grad();
        double sum = 0;
        for (var start = 0; start < cells.Length; start += 1024)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(1024, cells.Length - start);
            var (counts, batches) = Minibatch(data, cells.AsSpan(start, size), ScalarType.Float32);
            var (reconstruction, kl) = network.Loss(counts, batches);
            sum += reconstruction.Plus(kl).sum().item<float>();
        }

        return sum / cells.Length;
    }

    private static void Validate(ScviOptions options)
    {
        static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new ArgumentException(message, nameof(options));
            }
        }

        Require(options.NHidden > 0 && options.NLatent > 0 && options.NLayers > 0, "NHidden, NLatent and NLayers must be positive.");
        Require(options.DropoutRate is >= 0 and < 1, "DropoutRate must lie in [0, 1).");
        Require(options.MaxEpochs is null or > 0, "MaxEpochs must be positive.");
        Require(options.BatchSize >= 3, "BatchSize must be at least 3 (batch norm).");
        Require(options.LearningRate > 0 && options.AdamEpsilon > 0 && options.WeightDecay >= 0, "LearningRate and AdamEpsilon must be positive, WeightDecay non-negative.");
        Require(options.KlWarmupEpochs is null or >= 0, "KlWarmupEpochs must not be negative.");
        Require(options.TrainFraction is > 0 and <= 1, "TrainFraction must lie in (0, 1].");
        Require(options.EarlyStoppingPatience > 0, "EarlyStoppingPatience must be positive.");
        Require(options.Threads is null or > 0, "Threads must be positive.");
        Require(options.AdversarialScale is null or >= 0, "AdversarialScale must not be negative.");
    }
}
