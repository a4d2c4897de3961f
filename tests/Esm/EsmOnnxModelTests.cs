using PllmML.Data.Proteins;
using PllmML.Esm.Onnx;
using Xunit.Abstractions;

namespace PllmML.Esm.Tests;

public class EsmOnnxModelTests(ITestOutputHelper output)
{
    [Fact]
    public void Forward_TinyExport_ReproducesTheGoldensAloneAndBatched()
    {
        using var goldens = EsmGoldens.Tiny;
        using var model = new EsmOnnxModel(Path.Combine(goldens.Folder, "onnx", "model.onnx"));
        var tokens = goldens.Sequences.Select(s => EsmAlphabet.Encode(s.Sequence)).ToList();

        var batch = model.Forward(tokens, perToken: true);
        var max = 0f;
        foreach (var (sequence, row) in goldens.Sequences.Select((s, i) => (s, i)))
        {
            var alone = model.Forward([tokens[row]]).Means[0];
            max = Math.Max(max, EsmGoldens.MaxAbsDiff(goldens.Row("single.mean_last", row, 64), alone));
            max = Math.Max(max, EsmGoldens.MaxAbsDiff(goldens.Row("batch.mean_last", row, 64), batch.Means[row]));
            if (goldens.Has($"batch.per_tok_last.{sequence.Id}"))
            {
                max = Math.Max(max, EsmGoldens.MaxAbsDiff(goldens.Floats($"batch.per_tok_last.{sequence.Id}"), batch.PerToken![row]));
            }
        }

        output.WriteLine($"ONNX Runtime tiny: max abs diff {max:E2}");
        Assert.Equal(64, model.EmbeddingDimension);
        Assert.InRange(max, 0, 1e-5f);
    }

    [SharedDataFact]
    public void Forward_T6Export_ReproducesTheGoldens()
    {
        using var goldens = new EsmGoldens(TestPaths.Shared("esm2", "t6_8M"));
        using var model = new EsmOnnxModel(Path.Combine(goldens.Folder, "onnx"));
        var tokens = goldens.Sequences.Select(s => EsmAlphabet.Encode(s.Sequence)).ToList();

        var batch = model.Forward(tokens);
        var max = goldens.Sequences.Select((s, row) => EsmGoldens.MaxAbsDiff(goldens.Row("batch.mean_last", row, 320), batch.Means[row])).Max();

        output.WriteLine($"ONNX Runtime t6_8M: max abs diff {max:E2}");
        Assert.InRange(max, 0, 1e-5f);
    }

    [Fact]
    public void Cuda_RunsTheGoldensOnTheGpu_OrFailsNamingTheMissingGpuBuild()
    {
        using var goldens = EsmGoldens.Tiny;
        var path = Path.Combine(goldens.Folder, "onnx", "model.onnx");
        if (!Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            var error = Assert.Throws<EsmDeviceException>(() => new EsmOnnxModel(path, device: EsmDevice.Cuda));
            Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu.Linux", error.Message, StringComparison.Ordinal);
            return;
        }

        using var model = new EsmOnnxModel(path, device: EsmDevice.Cuda);
        var tokens = goldens.Sequences.Select(s => EsmAlphabet.Encode(s.Sequence)).ToList();
        var batch = model.Forward(tokens);
        var max = goldens.Sequences.Select((s, row) => EsmGoldens.MaxAbsDiff(goldens.Row("batch.mean_last", row, 64), batch.Means[row])).Max();
        output.WriteLine($"ONNX Runtime CUDA tiny: max abs diff {max:E2}");
        Assert.InRange(max, 0, 1e-5f);
    }

    [Fact]
    public void Forward_NaNWeight_IsADataFormatErrorNamingTheFile()
    {
        // The final LayerNorm's scale is one 256-byte raw_data field (protobuf tag 9, length varint 0x80 0x02) after its
        // name; a NaN there reaches every token's dimension 0. ONNX has no checksum, so only the output can tell.
        using var goldens = EsmGoldens.Tiny;
        var bytes = File.ReadAllBytes(Path.Combine(goldens.Folder, "onnx", "model.onnx"));
        var name = bytes.AsSpan().IndexOf("m.emb_layer_norm_after.weight"u8);
        var raw = name + bytes.AsSpan(name).IndexOf([(byte)0x4A, (byte)0x80, (byte)0x02]) + 3;
        BitConverter.TryWriteBytes(bytes.AsSpan(raw, 4), float.NaN);
        var path = Path.Combine(TestPaths.NewTempFolder(), "model.onnx");
        File.WriteAllBytes(path, bytes);
        using var model = new EsmOnnxModel(path);

        var error = Assert.Throws<PllmML.Data.DataFormatException>(() => model.Forward([EsmAlphabet.Encode("MKTAYIAK")]));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not finite", error.Message, StringComparison.Ordinal);
        Assert.Contains("dimension 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotAnOnnxFile_IsADataFormatError()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "model.onnx");
        File.WriteAllText(path, "not onnx");

        Assert.Throws<PllmML.Data.DataFormatException>(() => new EsmOnnxModel(path));
    }
}
