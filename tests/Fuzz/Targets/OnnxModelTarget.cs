using PllmML.Data.Proteins;
using PllmML.Esm;
using PllmML.Esm.Onnx;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary>ONNX exports of ESM-2 (the Hugging Face optimum layout): the bundled tiny model, loaded with
/// <see cref="EsmOnnxModel"/> and run on two proteins. ONNX has no checksum, so changed weight bytes are legitimately
/// read as other values; what must never happen is a crash, an untyped error or a non-finite embedding.</summary>
public sealed class OnnxModelTarget : FuzzTarget
{
    private static readonly Lazy<byte[][]> SeedFiles = new(() =>
        [File.ReadAllBytes(TestPaths.Bundled("esm2", "tiny", "onnx", "model.onnx"))]);

    private static readonly long[][] Proteins =
    [
        EsmAlphabet.Encode("MKTAYIAKQRQISFVKSHFSRQ"),
        EsmAlphabet.Encode("MSDNGPQ"),
    ];

    /// <inheritdoc />
    public override string Name => "onnx-model";

    /// <inheritdoc />
    public override string Extension => ".onnx";

    /// <inheritdoc />
    public override int DefaultInputs => 150;

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => SeedFiles.Value;

    /// <inheritdoc />
    public override string Read(string path)
    {
        using var model = new EsmOnnxModel(path, threadCount: 1);
        var (means, _) = model.Forward(Proteins);
        var digest = new FuzzDigest().Add(model.EmbeddingDimension.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var mean in means)
        {
            digest.Add(mean);
        }

        return digest.ToString();
    }

    /// <inheritdoc />
    public override bool IsTyped(Exception exception, string path) =>
        base.IsTyped(exception, path) || (exception is EsmDeviceException && exception.Message.Contains(path, StringComparison.Ordinal));
}
