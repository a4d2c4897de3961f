using PllmML.Data.Proteins;
using PllmML.Esm.Checkpoints;
using PllmML.Esm.Onnx;
using Xunit.Abstractions;

namespace PllmML.Esm.Tests;

public class EsmOnnxExportTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Export_TinyCheckpoint_ReproducesTheOfficialGoldensAloneAndBatched(bool externalData)
    {
        using var goldens = EsmGoldens.Tiny;
        using var checkpoint = EsmCheckpoint.Open(Path.Combine(goldens.Folder, "model.pt"));
        var path = Path.Combine(TestPaths.NewTempFolder(), "export", "model.onnx");

        var summary = EsmOnnxExport.Export(checkpoint, path, externalData);

        Assert.Equal(externalData, summary.ExternalDataPath is not null && File.Exists(summary.ExternalDataPath));
        using var model = new EsmOnnxModel(path);
        var tokens = goldens.Sequences.Select(s => EsmAlphabet.Encode(s.Sequence)).ToList();
        var batch = model.Forward(tokens, perToken: true);
        var max = 0f;
        foreach (var (sequence, row) in goldens.Sequences.Select((s, i) => (s, i)))
        {
            max = Math.Max(max, EsmGoldens.MaxAbsDiff(goldens.Row("single.mean_last", row, 64), model.Forward([tokens[row]]).Means[0]));
            max = Math.Max(max, EsmGoldens.MaxAbsDiff(goldens.Row("batch.mean_last", row, 64), batch.Means[row]));
            if (goldens.Has($"batch.per_tok_last.{sequence.Id}"))
            {
                max = Math.Max(max, EsmGoldens.MaxAbsDiff(goldens.Floats($"batch.per_tok_last.{sequence.Id}"), batch.PerToken![row]));
            }
        }

        output.WriteLine($"exported tiny ({(externalData ? "external" : "inline")} weights): max abs diff to fair-esm {max:E2}");
        Assert.InRange(max, 0, 1e-5f);
    }

    [Fact]
    public void Export_MaskedTokensOnAnUnpublishedShape_EqualTheTorchSharpModel()
    {
        // Token dropout rescales by the observed <mask> ratio per sequence; the goldens hold no <mask>, so the TorchSharp
        // model (itself equal to fair-esm) is the reference here, on a random network of an unpublished shape.
        using var checkpoint = EsmCheckpoint.CreateRandom(new EsmArchitecture(3, 96, 6, 384), seed: 11);
        using var torchModel = new EsmModel(checkpoint);
        var path = Path.Combine(TestPaths.NewTempFolder(), "model.onnx");
        EsmOnnxExport.Export(checkpoint, path);
        using var model = new EsmOnnxModel(path);
        var sequences = new List<long[]>
        {
            EsmAlphabet.Encode("MKTAYIAKQRQISFVKSHFSRQ"),
            new long[] { EsmAlphabet.ClsId, 5, EsmAlphabet.MaskId, 7, 8, EsmAlphabet.MaskId, 10, EsmAlphabet.EosId },
            EsmAlphabet.Encode("MA"),
        };

        var expected = torchModel.Forward(sequences, new EsmForwardRequest { Layers = [-1], PerToken = true });
        var actual = model.Forward(sequences, perToken: true);

        var last = expected.Layers[0];
        var max = sequences.Select((_, i) => Math.Max(
            EsmGoldens.MaxAbsDiff(expected.Means[last][i], actual.Means[i]),
            EsmGoldens.MaxAbsDiff(expected.PerToken[last][i], actual.PerToken![i]))).Max();
        output.WriteLine($"exported random 3 × 96 vs TorchSharp: max abs diff {max:E2}");
        Assert.InRange(max, 0, 1e-5f);
    }

    [SharedDataFact]
    public void Export_T6Checkpoint_ReproducesTheGoldens()
    {
        using var goldens = new EsmGoldens(TestPaths.Shared("esm2", "t6_8M"));
        using var checkpoint = EsmCheckpoint.Open(Path.Combine(goldens.Folder, "hf"));
        var path = Path.Combine(TestPaths.NewTempFolder(), "model.onnx");
        EsmOnnxExport.Export(checkpoint, path);
        using var model = new EsmOnnxModel(path);
        var tokens = goldens.Sequences.Select(s => EsmAlphabet.Encode(s.Sequence)).ToList();

        var batch = model.Forward(tokens);

        var max = goldens.Sequences.Select((_, row) => EsmGoldens.MaxAbsDiff(goldens.Row("batch.mean_last", row, 320), batch.Means[row])).Max();
        output.WriteLine($"exported t6_8M: max abs diff {max:E2}");
        Assert.InRange(max, 0, 1e-5f);
    }

    [Fact]
    public void Export_RecordsTheSourceAndNeedsExternalDataAbove2GiB()
    {
        using var goldens = EsmGoldens.Tiny;
        using var checkpoint = EsmCheckpoint.Open(Path.Combine(goldens.Folder, "model.pt"));
        var path = Path.Combine(TestPaths.NewTempFolder(), "model.onnx");

        var summary = EsmOnnxExport.Export(checkpoint, path);

        Assert.Null(summary.ExternalDataPath);
        Assert.Equal(checkpoint.Identity, summary.SourceIdentity);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
        Assert.Equal(checkpoint.Identity, session.ModelMetadata.CustomMetadataMap["pllm.source_identity"]);
        using var large = EsmCheckpoint.CreateRandom(new EsmArchitecture(36, 2560, 40, 10240));
        Assert.Throws<ArgumentException>(() => EsmOnnxExport.Export(large, Path.Combine(TestPaths.NewTempFolder(), "large.onnx"), externalData: false));
    }
}
