using PllmML.Data.Proteins;
using Xunit.Abstractions;

namespace PllmML.Esm.Tests;

public class EsmPrecisionTests(ITestOutputHelper output)
{
    [Fact]
    public void Bf16_OnTheGoldens_StaysCloseToTheOfficialFloat32Means_UnderItsOwnIdentity()
    {
        using var goldens = EsmGoldens.Tiny;
        var folder = Path.Combine(goldens.Folder, "hf");
        var options = new EsmModelOptions { Precision = EsmPrecision.Bf16 };
        if (!CpuFeatures.HasBFloat16Arithmetic)
        {
            var error = Assert.Throws<EsmDeviceException>(() => EsmModel.Load(folder, options));
            Assert.Contains("AVX512_BF16", error.Message, StringComparison.Ordinal);
            return;
        }

        using var model = EsmModel.Load(folder, options);
        using var exact = EsmModel.Load(folder);
        var tokens = goldens.Sequences.Select(s => EsmAlphabet.Encode(s.Sequence)).ToList();
        var means = model.Forward(tokens, new EsmForwardRequest()).Means[model.Architecture.LayerCount];

        var worst = goldens.Sequences.Select((_, row) => Cosine(goldens.Row("batch.mean_last", row, 64), means[row])).Min();
        output.WriteLine($"bf16 tiny: lowest cosine to the official float32 means {worst:F7}");
        Assert.InRange(worst, 0.999, 1.0 + 1e-6);
        Assert.NotEqual(exact.Identity, model.Identity);
        Assert.Equal(EsmPrecision.Bf16, model.Precision);
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
