using PllmML.Trainers.Deep;

namespace PllmML.Deep.Tests;

/// <summary>The managed encoder (no TorchSharp) gives the trained network's latent; its weights survive a write and read.</summary>
public class LatentEncoderTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Encode_EqualsTorchSharpLatentMean(int layers, bool encodeCovariates)
    {
        var (data, _) = SyntheticCounts.Make(90, 35, 3, 3, seed: 5);
        using var model = ScviTrainer.Fit(data, new ScviOptions { NHidden = 24, NLatent = 5, NLayers = layers, EncodeCovariates = encodeCovariates, MaxEpochs = 4, BatchSize = 32, Seed = 2 });
        var expected = model.GetLatentRepresentation(data.Counts, data.Batches);
        var encoder = new LatentEncoder(model.ExportEncoder());
        var actual = encoder.Encode(data.Counts, data.Batches);

        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"value {i}: {expected[i]} vs {actual[i]}");
        }

        var one = new float[encoder.LatentDimensions];
        encoder.Encode(data.Counts.ToDense().AsSpan(0, data.Counts.ColumnCount), data.Batches[0], one);
        Assert.Equal(actual.AsSpan(0, one.Length).ToArray(), one);
    }

    [Fact]
    public void Weights_WriteAndRead_GiveTheSameLatent()
    {
        var (data, _) = SyntheticCounts.Make(60, 20, 2, 2, seed: 6);
        using var model = ScviTrainer.Fit(data, new ScviOptions { NHidden = 8, NLatent = 3, MaxEpochs = 2, BatchSize = 16 });
        var weights = model.ExportEncoder();
        using var stream = new MemoryStream();
        weights.Write(stream);
        stream.Position = 0;
        var read = LatentEncoderWeights.Read(stream);
        Assert.Equal(new LatentEncoder(weights).Encode(data.Counts, data.Batches), new LatentEncoder(read).Encode(data.Counts, data.Batches));
    }

    [Fact]
    public void Read_TruncatedOrForeignBytes_IsInvalidData()
    {
        var (data, _) = SyntheticCounts.Make(60, 20, 2, 2, seed: 6);
        using var model = ScviTrainer.Fit(data, new ScviOptions { NHidden = 8, NLatent = 3, MaxEpochs = 1, BatchSize = 16 });
        using var stream = new MemoryStream();
        model.ExportEncoder().Write(stream);
        var bytes = stream.ToArray();
        Assert.Throws<InvalidDataException>(() => LatentEncoderWeights.Read(new MemoryStream(bytes[..(bytes.Length / 2)])));
        Assert.Throws<InvalidDataException>(() => LatentEncoderWeights.Read(new MemoryStream("not an encoder"u8.ToArray())));
    }

    [Fact]
    public void Encode_WrongGeneCount_NamesBothCounts()
    {
        var (data, _) = SyntheticCounts.Make(60, 20, 2, 2, seed: 6);
        using var model = ScviTrainer.Fit(data, new ScviOptions { NHidden = 8, NLatent = 3, MaxEpochs = 1, BatchSize = 16 });
        var encoder = new LatentEncoder(model.ExportEncoder());
        var error = Assert.Throws<ArgumentException>(() => encoder.Encode(new float[19], 0, new float[3]));
        Assert.Contains("20", error.Message, StringComparison.Ordinal);
        Assert.Contains("19", error.Message, StringComparison.Ordinal);
    }
}
