namespace PllmML.Trainers.Deep;

/// <summary>
/// Trains a deep integration network (scVI, scANVI; PllmML.Deep implements them with TorchSharp) whose encoder — and,
/// for a semi-supervised model, classifier — <see cref="LatentIntegrationEstimator"/> then serves in managed code.
/// Keeping the trainer behind this interface keeps PllmML.Trainers, and every service that loads a model, free of libtorch.
/// </summary>
public interface ILatentIntegrationTrainer
{
    /// <summary>The method's name as the run configuration spells it (<c>scvi</c>, <c>scanvi</c>).</summary>
    string Method { get; }

    /// <summary>Trains the network.</summary>
    /// <param name="data">Raw counts, species and (for semi-supervised methods) labels of the training cells.</param>
    /// <returns>The inference weights.</returns>
    LatentIntegrationModel Fit(LatentTrainingData data);
}
