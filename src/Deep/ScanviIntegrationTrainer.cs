using System.Globalization;
using PllmML.Trainers.Deep;

namespace PllmML.Deep;

/// <summary>
/// scANVI as the integration stage and classifier of the one model (<c>integration.method: scanvi</c>): scVI pretraining,
/// then <see cref="ScanviTrainer"/> with the training species' labelled cells (every other cell unlabelled); PllmML.Trainers
/// serves its encoder as the embedding and its classifier as the cell-type probabilities.
/// </summary>
/// <param name="scvi">Network and scVI-phase parameters; defaults when null (copied).</param>
/// <param name="options">scANVI-phase parameters; defaults when null (copied).</param>
public sealed class ScanviIntegrationTrainer(ScviOptions? scvi = null, ScanviOptions? options = null) : ILatentIntegrationTrainer
{
    private readonly ScviOptions _scvi = (scvi ?? new ScviOptions()).Copy();
    private readonly ScanviOptions _options = (options ?? new ScanviOptions()).Copy();

    /// <inheritdoc />
    public string Method => "scanvi";

    /// <inheritdoc />
    public LatentIntegrationModel Fit(LatentTrainingData data) => Fit(data, null);

    /// <summary>Trains the network and lets <paramref name="inspect"/> see the TorchSharp model before it is disposed.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="inspect">Called with the trained model (for comparisons with the served weights); may be null.</param>
    public LatentIntegrationModel Fit(LatentTrainingData data, Action<ScanviModel>? inspect)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var model = ScanviTrainer.Fit(
            new ScviTrainingData(data.Counts, data.Species, data.SpeciesNames.Length), data.Labels, data.LabelNames.Length, _scvi, _options);
        inspect?.Invoke(model);
        var last = model.History[^1];
        var labelled = data.Labels.Count(label => label >= 0);
        return new LatentIntegrationModel(Method, model.ExportEncoder(), model.ExportClassifier(), string.Create(CultureInfo.InvariantCulture,
            $"scVI {model.Pretrained.History.Count} epochs{ScviOptions.DescribeAdversary(_scvi.AdversarialClassifier, _scvi.AdversarialScale)}, then scANVI {model.History.Count} epochs (classification ratio {_options.ClassificationRatio}, {labelled} labelled cells of {data.LabelNames.Length} types"
            + $"{(_options.SamplesPerLabel is { } perLabel ? $", at most {perLabel} per type and epoch" : string.Empty)}{ScviOptions.DescribeAdversary(_options.AdversarialClassifier, _options.AdversarialScale)}) "
            + $"on {data.Counts.RowCount} cells × {data.Counts.ColumnCount} genes, {_scvi.GeneLikelihood}, latent {_scvi.NLatent}; last validation loss {last.ValidationElbo:F1}; {model.FitTime.TotalSeconds:F0} s"));
    }
}
