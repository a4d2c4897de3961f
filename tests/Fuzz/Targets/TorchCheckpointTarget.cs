using PllmML.Data.Tensors;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary>PyTorch checkpoints (<c>torch.save</c> zips): the bundled tiny ESM-2 in fair-esm and Hugging Face layout,
/// opened with <see cref="TorchPickleFile"/> and every tensor read.</summary>
public sealed class TorchCheckpointTarget : FuzzTarget
{
    private static readonly Lazy<byte[][]> SeedFiles = new(() =>
    [
        File.ReadAllBytes(TestPaths.Bundled("esm2", "tiny", "model.pt")),
        File.ReadAllBytes(TestPaths.Bundled("esm2", "tiny", "hf", "pytorch_model.bin")),
    ]);

    /// <inheritdoc />
    public override string Name => "torch-checkpoint";

    /// <inheritdoc />
    public override string Extension => ".pt";

    /// <inheritdoc />
    public override bool ChecksumsEverything => true;

    /// <inheritdoc />
    public override int DefaultInputs => 300;

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => SeedFiles.Value;

    /// <inheritdoc />
    public override string Read(string path)
    {
        using var file = TorchPickleFile.Open(path);
        var digest = new FuzzDigest();
        Walk(file, file.Root, "root", digest, 0);
        return digest.ToString();
    }

    /// <inheritdoc />
    public override byte[]? MutateStructured(byte[] seed, Random random) =>
        ZipMutator.MutateEntry(seed, random, name => name.EndsWith("data.pkl", StringComparison.Ordinal) ? 20 : 1);

    /// <summary>Digests a pickled value, reading every tensor it references.</summary>
    public static void Walk(TorchPickleFile file, object? value, string where, FuzzDigest digest, int depth)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(digest);
        if (depth > 64)
        {
            digest.Add("…");
            return;
        }

        switch (value)
        {
            case TorchTensorReference tensor:
                var stored = file.ReadTensor(tensor);
                digest.Add(where).Add(stored.ElementType.ToString()).Add(stored.ShapeText).Add(stored.Data);
                break;
            case Dictionary<object, object?> dictionary:
                foreach (var (key, item) in dictionary)
                {
                    Walk(file, item, where + "/" + key, digest, depth + 1);
                }

                break;
            case List<object?> list:
                for (var i = 0; i < list.Count; i++)
                {
                    Walk(file, list[i], $"{where}[{i}]", digest, depth + 1);
                }

                break;
            case object?[] tuple:
                for (var i = 0; i < tuple.Length; i++)
                {
                    Walk(file, tuple[i], $"{where}({i})", digest, depth + 1);
                }

                break;
            case PythonObject python:
                digest.Add(python.ClassName);
                Walk(file, python.Arguments.ToArray(), where + ".args", digest, depth + 1);
                Walk(file, python.State, where + ".state", digest, depth + 1);
                break;
            default:
                digest.Add(where + "=" + Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
