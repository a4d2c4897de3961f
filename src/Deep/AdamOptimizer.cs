using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PllmML.Deep;

/// <summary>
/// Adam (Kingma and Ba 2015) with L2 weight decay, the same arithmetic in the same order as TorchSharp's
/// <c>optim.Adam</c> (so training is unchanged bit for bit), but with every scalar alive until libtorch has read it:
/// TorchSharp's own step makes its scalars on the fly (see <c>TensorArithmetic</c>).
/// </summary>
internal sealed class AdamOptimizer : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;
    private readonly double _learningRate;
    private readonly double _epsilon;
    private readonly Scalar _beta1;
    private readonly Scalar _beta2;
    private readonly Scalar _oneMinusBeta1;
    private readonly Scalar _oneMinusBeta2;
    private readonly Scalar _weightDecay;
    private readonly Scalar _one;
    private readonly double _beta1Value;
    private readonly double _beta2Value;
    private readonly bool _decays;
    private long _step;

    public AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate, double epsilon, double weightDecay, double beta1 = 0.9, double beta2 = 0.999)
    {
        _parameters = parameters.ToArray();
        _firstMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _secondMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _learningRate = learningRate;
        _epsilon = epsilon;
        _beta1Value = beta1;
        _beta2Value = beta2;
        _beta1 = beta1.ToScalar();
        _beta2 = beta2.ToScalar();
        _oneMinusBeta1 = (1 - beta1).ToScalar();
        _oneMinusBeta2 = (1 - beta2).ToScalar();
        _weightDecay = weightDecay.ToScalar();
        _decays = weightDecay != 0;
        _one = 1.ToScalar();
    }

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGradients()
    {
        foreach (var parameter in _parameters)
        {
            using var gradient = parameter.grad;
            gradient?.zero_();
        }
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        _step++;
        var biasCorrection1 = 1 - Math.Pow(_beta1Value, _step);
        var biasCorrection2 = 1 - Math.Pow(_beta2Value, _step);
        using var epsilon = _epsilon.ToScalar();
        using var rootBiasCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var stepSize = (-(_learningRate / biasCorrection1)).ToScalar();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var parameter = _parameters[i];
            var gradient = parameter.grad;
            if (gradient is null)
            {
                continue;
            }

            if (_decays)
            {
                gradient = gradient.add(parameter, _weightDecay);
            }

            _firstMoments[i].mul_(_beta1).add_(gradient, _oneMinusBeta1);
            _secondMoments[i].mul_(_beta2).addcmul_(gradient, gradient, _oneMinusBeta2);
            var denominator = _secondMoments[i].sqrt().div(rootBiasCorrection2).add_(epsilon, _one);
            parameter.addcdiv_(_firstMoments[i], denominator, stepSize);
        }
    }

    /// <summary>Releases the moments and scalars.</summary>
    public void Dispose()
    {
        foreach (var moment in _firstMoments.Concat(_secondMoments))
        {
            moment.Dispose();
        }

        _beta1.Dispose();
        _beta2.Dispose();
        _oneMinusBeta1.Dispose();
        _oneMinusBeta2.Dispose();
        _weightDecay.Dispose();
        _one.Dispose();
    }
}
