using System.Text.Json;
using static TorchSharp.torch;

namespace PllmML.Deep.Tests;

/// <summary>
/// NB and ZINB log-likelihoods against scvi-tools' formulas evaluated in float64 by the committed reference
/// (fixtures/likelihood_reference.py, which also checks them against scipy's negative binomial).
/// </summary>
public class CountLikelihoodTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "fixtures", "likelihood_reference.json"))).RootElement;

    [Fact]
    public void LogNegativeBinomial_Float64_EqualsScviToolsReference()
    {
        using var scope = NewDisposeScope();
        var (x, mu, theta, _) = Inputs(ScalarType.Float64);
        var result = CountLikelihood.LogNegativeBinomial(x, mu, theta).data<double>().ToArray();
        AssertClose(Values("log_nb"), result, 1e-6);
    }

    [Fact]
    public void LogZeroInflatedNegativeBinomial_Float64_EqualsScviToolsReference()
    {
        using var scope = NewDisposeScope();
        var (x, mu, theta, pi) = Inputs(ScalarType.Float64);
        var result = CountLikelihood.LogZeroInflatedNegativeBinomial(x, mu, theta, pi).data<double>().ToArray();
        AssertClose(Values("log_zinb"), result, 1e-6);
    }

    [Fact]
    public void Softplus_EqualsLogOnePlusExp_AndItsGradientStaysFinite()
    {
        using var scope = NewDisposeScope();
        double[] values = [-1000, -100, -30, -1, -1e-3, 0, 1e-3, 1, 19.99, 20, 20.01, 30, 100, 1000];
        var x = tensor(values, ScalarType.Float64).requires_grad_();
        var y = PllmML.TorchInterop.TensorArithmetic.Softplus(x);
        y.sum().backward();
        var result = y.data<double>().ToArray();
        var gradient = x.grad!.data<double>().ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            // PyTorch's softplus (β 1, threshold 20): x above 20, log1p(exp(x)) otherwise; its derivative the logistic function.
            var expected = values[i] > 20 ? values[i] : Math.Log(1 + Math.Exp(values[i]));
            Assert.True(Math.Abs(result[i] - expected) <= 1e-15 * Math.Max(1, Math.Abs(expected)), $"softplus({values[i]}) = {result[i]}, expected {expected}");
            var slope = values[i] > 20 ? 1 : 1 / (1 + Math.Exp(-values[i]));
            Assert.True(Math.Abs(gradient[i] - slope) <= 1e-15, $"softplus'({values[i]}) = {gradient[i]}, expected {slope}");
        }
    }

    [Fact]
    public void Squared_IsPowTwo_BitForBit()
    {
        using var scope = NewDisposeScope();
        var random = new Random(4);
        var values = Enumerable.Range(0, 1000).Select(i => (float)((random.NextDouble() - 0.5) * Math.Pow(10, (i % 40) - 20))).ToArray();
        var x = tensor(values);
        using var two = TorchSharp.ScalarExtensionMethods.ToScalar(2.0);
        var expected = x.pow(two).data<float>().ToArray();
        var result = PllmML.TorchInterop.TensorArithmetic.Squared(x).data<float>().ToArray();
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), result.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void LogZeroInflatedNegativeBinomial_Float32_IsWithinFloat32RoundingOfTheReference()
    {
        using var scope = NewDisposeScope();
        var (x, mu, theta, pi) = Inputs(ScalarType.Float32);
        var result = CountLikelihood.LogZeroInflatedNegativeBinomial(x, mu, theta, pi).data<float>().ToArray().Select(v => (double)v).ToArray();
        AssertClose(Values("log_zinb"), result, 2e-5);
    }

    [Fact]
    public void ZeroInflation_OfZeroCounts_RaisesTheirLikelihoodAndLowersTheOthers()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 0, 3 });
        var mu = tensor(new double[] { 2, 2 });
        var theta = tensor(new double[] { 1.5, 1.5 });
        var nb = CountLikelihood.LogNegativeBinomial(x, mu, theta).data<double>().ToArray();
        var zinb = CountLikelihood.LogZeroInflatedNegativeBinomial(x, mu, theta, tensor(new double[] { 0, 0 })).data<double>().ToArray();
        Assert.True(zinb[0] > nb[0]);
        Assert.Equal(nb[1] + Math.Log(0.5), zinb[1], 12);
    }

    private static (Tensor X, Tensor Mu, Tensor Theta, Tensor Pi) Inputs(ScalarType type)
    {
        var cells = Reference.GetProperty("cells").GetInt32();
        var genes = Reference.GetProperty("genes").GetInt32();
        Tensor Matrix(string name) => tensor(Values(name), [cells, genes]).to(type);
        return (Matrix("x"), Matrix("mu"), tensor(Values("theta")).to(type), Matrix("pi"));
    }

    private static double[] Values(string name) => [.. Reference.GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];

    private static void AssertClose(double[] expected, double[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
