namespace PllmML.Deep;

/// <summary>One training epoch's figures (means per cell).</summary>
/// <param name="Epoch">The epoch, from 0.</param>
/// <param name="KlWeight">The KL weight used in this epoch.</param>
/// <param name="Reconstruction">Training reconstruction loss −log p(x | z, s).</param>
/// <param name="Kl">Training KL(q(z | x) ‖ N(0, I)).</param>
/// <param name="ValidationElbo">Validation negative ELBO (reconstruction + full-weight KL) in inference mode; NaN without a validation set.</param>
public sealed record ScviEpoch(int Epoch, double KlWeight, double Reconstruction, double Kl, double ValidationElbo);
