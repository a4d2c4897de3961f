using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PllmML.Deep;

/// <summary>
/// PyTorch's <c>BatchNorm1d</c> with a fixed momentum (scvi-tools: ε 0.001, momentum 0.01): the same parameters and
/// buffers by the same names (<c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>) and the same
/// arithmetic (<c>F.batch_norm</c>), without the <c>num_batches_tracked</c> counter, which a fixed momentum never
/// reads. TorchSharp 0.107's <c>BatchNorm1d</c> increments that counter with a temporary integer scalar and failed
/// intermittently under load ("toLong … Expected false to be true", a freed scalar); this module has no such step.
/// </summary>
internal sealed class ScviBatchNorm : nn.Module<Tensor, Tensor>
{
    /// <summary>scvi-tools' ε.</summary>
    public const double Epsilon = 1e-3;

    private const double Momentum = 0.01;

    /// <summary>scvi-tools' batch norm of every FCLayers: ε 0.001, momentum 0.01.</summary>
    public ScviBatchNorm(long features)
        : base(nameof(ScviBatchNorm))
    {
        register_parameter("weight", nn.Parameter(ones(features)));
        register_parameter("bias", nn.Parameter(zeros(features)));
        register_buffer("running_mean", zeros(features));
        register_buffer("running_var", ones(features));
    }

    public Parameter Weight => get_parameter("weight")!;

    public Parameter Bias => get_parameter("bias")!;

    public Tensor RunningMean => get_buffer("running_mean")!;

    public Tensor RunningVariance => get_buffer("running_var")!;

    public override Tensor forward(Tensor input) =>
        nn.functional.batch_norm(input, RunningMean, RunningVariance, Weight, Bias, training, Momentum, Epsilon);
}
