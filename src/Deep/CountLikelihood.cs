using PllmML.TorchInterop;
using TorchSharp;
using static TorchSharp.torch;

namespace PllmML.Deep;

/// <summary>
/// Log-likelihoods of counts, element by element, exactly as scvi-tools writes them
/// (<c>scvi/distributions/_negative_binomial.py</c>: <c>log_nb_positive</c>, <c>log_zinb_positive</c>), with the mean μ /
/// inverse dispersion θ parameterisation and the dropout given as a logit.
/// </summary>
/// <remarks>
/// The tensors broadcast; a one-dimensional θ is one value per gene shared by all cells. Results are in the inputs'
/// floating type: float64 inputs reproduce the reference to 1e-12, float32 inputs to float32 rounding.
/// </remarks>
public static class CountLikelihood
{
    /// <summary>scvi-tools' numerical-stability constant.</summary>
    public const double DefaultEpsilon = 1e-8;

    /// <summary>log NB(x; μ, θ) = θ(log θ − log(θ+μ)) + x(log μ − log(θ+μ)) + lnΓ(x+θ) − lnΓ(θ) − lnΓ(x+1).</summary>
    /// <param name="x">Counts.</param>
    /// <param name="mu">Means (positive).</param>
    /// <param name="theta">Inverse dispersions (positive).</param>
    /// <param name="epsilon">Added inside the logarithms.</param>
    /// <returns>The log-likelihood of each element.</returns>
    public static Tensor LogNegativeBinomial(Tensor x, Tensor mu, Tensor theta, double epsilon = DefaultEpsilon)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(mu);
        ArgumentNullException.ThrowIfNull(theta);
        using var scope = NewDisposeScope();
        var logThetaMu = theta.Plus(mu).Plus(epsilon).log();
        var result = (theta * theta.Plus(epsilon).log().Minus(logThetaMu))
            .Plus(x * mu.Plus(epsilon).log().Minus(logThetaMu))
            .Plus(x.Plus(theta).lgamma())
            .Minus(theta.lgamma())
            .Minus(x.Plus(1).lgamma());
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// log ZINB(x; μ, θ, π): for x = 0, softplus(−π + θ(log θ − log(θ+μ))) − softplus(−π); for x &gt; 0,
    /// −softplus(−π) − π + the negative-binomial log-likelihood.
    /// </summary>
    /// <param name="x">Counts.</param>
    /// <param name="mu">Means (positive).</param>
    /// <param name="theta">Inverse dispersions (positive).</param>
    /// <param name="dropoutLogits">Logits π of the zero-inflation (dropout) probability.</param>
    /// <param name="epsilon">Added inside the logarithms and the zero test (x &lt; ε is zero).</param>
    /// <returns>The log-likelihood of each element.</returns>
    public static Tensor LogZeroInflatedNegativeBinomial(Tensor x, Tensor mu, Tensor theta, Tensor dropoutLogits, double epsilon = DefaultEpsilon)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(mu);
        ArgumentNullException.ThrowIfNull(theta);
        ArgumentNullException.ThrowIfNull(dropoutLogits);
        using var scope = NewDisposeScope();
        if (theta.dim() == 1)
        {
            theta = theta.view(1, theta.shape[0]);
        }

        var softplusPi = (-dropoutLogits).Softplus();
        var logThetaEps = theta.Plus(epsilon).log();
        var logThetaMuEps = theta.Plus(mu).Plus(epsilon).log();
        var piThetaLog = (-dropoutLogits).Plus(theta * logThetaEps.Minus(logThetaMuEps));
        var caseZero = piThetaLog.Softplus().Minus(softplusPi);
        var caseNonZero = (-softplusPi)
            .Plus(piThetaLog)
            .Plus(x * mu.Plus(epsilon).log().Minus(logThetaMuEps))
            .Plus(x.Plus(theta).lgamma())
            .Minus(theta.lgamma())
            .Minus(x.Plus(1).lgamma());
        var result = (x.Below(epsilon).to(caseZero.dtype) * caseZero).Plus(x.Above(epsilon).to(caseNonZero.dtype) * caseNonZero);
        return result.MoveToOuterDisposeScope();
    }
}
