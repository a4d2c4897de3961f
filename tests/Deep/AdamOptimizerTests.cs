using TorchSharp;
using static TorchSharp.torch;

namespace PllmML.Deep.Tests;

/// <summary>
/// The trainers' Adam keeps its scalars alive across libtorch calls; it must still be TorchSharp's Adam, bit for bit.
/// </summary>
public class AdamOptimizerTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-6)]
    public void Steps_EqualTorchSharpAdam_BitForBit(double weightDecay)
    {
        var ours = Train(parameters => new AdamOptimizer(parameters, 1e-3, 0.01, weightDecay), o => o.ZeroGradients(), o => o.Step());
        var theirs = Train(
            parameters => optim.Adam(parameters, lr: 1e-3, eps: 0.01, weight_decay: weightDecay),
            o => o.zero_grad(),
            o => o.step());
        Assert.Equal(theirs.Length, ours.Length);
        for (var i = 0; i < ours.Length; i++)
        {
            Assert.Equal(theirs[i], ours[i]);
        }

        Assert.Contains(ours, w => w != 0);
    }

    private static float[] Train<TOptimizer>(
        Func<IEnumerable<TorchSharp.Modules.Parameter>, TOptimizer> create, Action<TOptimizer> zero, Action<TOptimizer> step)
        where TOptimizer : IDisposable
    {
        random.manual_seed(7);
        using var layer = nn.Linear(6, 3);
        using var optimizer = create(layer.parameters());
        var inputs = rand(40, 6);
        var targets = rand(40, 3);
        for (var i = 0; i < 25; i++)
        {
            using var scope = NewDisposeScope();
            zero(optimizer);
            var loss = (layer.call(inputs) * targets).square().mean();
            loss.backward();
            step(optimizer);
        }

        return layer.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
    }
}
