using System.Globalization;
using PllmML.Trainers.Deep;

namespace PllmML.Deep;

/// <summary>
/// scVI as the integration stage of the one model (<c>integration.method: scvi</c>): trains <see cref="ScviTrainer"/>
/// with the species as the batch and hands PllmML.Trainers the encoder; the pipeline's usual classifier is then fitted
/// on the latent.
/// </summary>
/// <param name="options">scVI's parameters; defaults when null (copied).</param>
public sealed class ScviIntegrationTrainer(ScviOptions? options = null) : ILatentIntegrationTrainer
{
    private readonly ScviOptions _options = (options ?? new ScviOptions()).Copy();

    /// <inheritdoc />
    public string Method => "scvi";

    /// <summary>The options (a copy).</summary>
    public ScviOptions Options => _options.Copy();

    /// <inheritdoc />
    public LatentIntegrationModel Fit(LatentTrainingData data) => Fit(data, null);

    /// <summary>Trains the network and lets <paramref name="inspect"/> see the TorchSharp model before it is disposed.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="inspect">Called with the trained model (for comparisons with the served weights); may be null.</param>
    public LatentIntegrationModel Fit(LatentTrainingData data, Action<ScviModel>? inspect)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var model = ScviTrainer.Fit(new ScviTrainingData(data.Counts, data.Species, data.SpeciesNames.Length), _options);
        inspect?.Invoke(model);
        var last = model.History[^1];
        return new LatentIntegrationModel(Method, model.ExportEncoder(), null, string.Create(CultureInfo.InvariantCulture,
            $"{model.History.Count} epochs on {data.Counts.RowCount} cells × {data.Counts.ColumnCount} genes, {_options.GeneLikelihood}, latent {_options.NLatent}, hidden {_options.NHidden}{ScviOptions.DescribeAdversary(_options.AdversarialClassifier, _options.AdversarialScale)}; "
            + $"last epoch reconstruction {last.Reconstruction:F1}, KL {last.Kl:F2} (weight {last.KlWeight:F2}), validation ELBO {last.ValidationElbo:F1}; {model.FitTime.TotalSeconds:F0} s"));
    }
}
