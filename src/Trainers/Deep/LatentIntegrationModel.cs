namespace PllmML.Trainers.Deep;

/// <summary>A trained deep integration network's inference weights.</summary>
/// <param name="Method">The method (<c>scvi</c>, <c>scanvi</c>).</param>
/// <param name="Encoder">The encoder giving the joint embedding (the latent mean).</param>
/// <param name="Classifier">The network's own cell-type classifier on the latent (scANVI), or null, in which case the
/// pipeline fits its usual classifier on the embedding.</param>
/// <param name="Summary">One line on how it was trained (epochs, losses), for the fit log and the manifest.</param>
public sealed record LatentIntegrationModel(string Method, LatentEncoderWeights Encoder, LatentClassifierWeights? Classifier, string Summary);
