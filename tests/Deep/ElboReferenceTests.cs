using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace PllmML.Deep.Tests;

/// <summary>
/// The loss of a fixed minibatch with fixed weights (a briefly trained network, so batch-norm statistics are not
/// the identity) and a fixed reparameterisation draw equals a numpy forward pass of the same network
/// (fixtures/elbo_reference.py), in float64.
/// </summary>
public class ElboReferenceTests
{
    [ScipyFact]
    public void Loss_ZinbOneLayer_EqualsNumpyForwardPass() => Check(new ScviOptions { NHidden = 16, NLatent = 4, MaxEpochs = 3, BatchSize = 16, Seed = 3 });

    [ScipyFact]
    public void Loss_NbTwoLayersEncodedCovariates_EqualsNumpyForwardPass() => Check(new ScviOptions
    {
        NHidden = 12, NLatent = 3, NLayers = 2, EncodeCovariates = true, GeneLikelihood = GeneLikelihood.NegativeBinomial, MaxEpochs = 3, BatchSize = 16, Seed = 4,
    });

    private static void Check(ScviOptions options)
    {
        var (data, _) = SyntheticCounts.Make(cells: 60, genes: 25, batches: 3, types: 3, seed: 11);
        using var model = ScviTrainer.Fit(data, options);
        var network = model.Network;
        network.to(ScalarType.Float64);
        network.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var cells = Enumerable.Range(0, 10).Select(i => i * 5).ToArray();
        var (x, batches) = ScviTrainer.Minibatch(data, cells, ScalarType.Float64);
        var generator = new Generator(99);
        var noise = randn([cells.Length, options.NLatent], ScalarType.Float64, generator: generator);
        var (reconstruction, kl) = network.Loss(x, batches, noise);

        var spec = new Dictionary<string, object>
        {
            ["cells"] = cells.Length,
            ["genes"] = data.Counts.ColumnCount,
            ["batch_count"] = data.BatchCount,
            ["layers"] = options.NLayers,
            ["encode_covariates"] = options.EncodeCovariates,
            ["likelihood"] = options.GeneLikelihood == GeneLikelihood.NegativeBinomial ? "nb" : "zinb",
            ["x"] = x.data<double>().ToArray(),
            ["batches"] = batches.data<long>().ToArray(),
            ["noise"] = noise.data<double>().ToArray(),
            ["state"] = network.state_dict()
                .Where(pair => pair.Value.dtype == ScalarType.Float64)
                .ToDictionary(pair => pair.Key, pair => (object)new { shape = pair.Value.shape, values = pair.Value.data<double>().ToArray() }),
        };
        var input = Path.Combine(TestPaths.NewTempFolder(), "elbo.json");
        File.WriteAllText(input, JsonSerializer.Serialize(spec));
        var output = JsonDocument.Parse(PythonPeer.Run(Path.Combine(AppContext.BaseDirectory, "fixtures", "elbo_reference.py"), input)).RootElement;

        var expectedReconstruction = output.GetProperty("reconstruction").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var expectedKl = output.GetProperty("kl").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var actualReconstruction = reconstruction.data<double>().ToArray();
        var actualKl = kl.data<double>().ToArray();
        for (var i = 0; i < cells.Length; i++)
        {
            Assert.Equal(expectedReconstruction[i], actualReconstruction[i], 1e-9 * Math.Max(1, Math.Abs(expectedReconstruction[i])));
            Assert.Equal(expectedKl[i], actualKl[i], 1e-9 * Math.Max(1, Math.Abs(expectedKl[i])));
        }

        Assert.All(actualKl, value => Assert.True(value > 0));
        Assert.Equal(expectedReconstruction.Zip(expectedKl).Average(p => p.First + p.Second), (reconstruction + kl).mean().item<double>(), 1e-8);
    }
}
