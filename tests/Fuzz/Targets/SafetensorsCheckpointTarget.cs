using PllmML.Data.Tensors;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary>Hugging Face <c>.safetensors</c> checkpoints: the bundled tiny ESM-2, opened with
/// <see cref="SafetensorsFile"/> and every tensor read. The format has no checksum, so changed tensor bytes are
/// legitimately read as other values.</summary>
public sealed class SafetensorsCheckpointTarget : FuzzTarget
{
    private static readonly Lazy<byte[][]> SeedFiles = new(() =>
        [File.ReadAllBytes(TestPaths.Bundled("esm2", "tiny", "hf", "model.safetensors"))]);

    /// <inheritdoc />
    public override string Name => "safetensors-checkpoint";

    /// <inheritdoc />
    public override string Extension => ".safetensors";

    /// <inheritdoc />
    public override int DefaultInputs => 300;

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => SeedFiles.Value;

    /// <inheritdoc />
    public override string Read(string path)
    {
        using var file = SafetensorsFile.Open(path);
        var digest = new FuzzDigest();
        foreach (var (key, value) in file.Metadata)
        {
            digest.Add(key).Add(value);
        }

        foreach (var name in file.Names)
        {
            var tensor = file.Read(name);
            digest.Add(name).Add(tensor.ElementType.ToString()).Add(tensor.ShapeText).Add(tensor.Data);
        }

        return digest.ToString();
    }

    /// <inheritdoc />
    public override byte[]? MutateStructured(byte[] seed, Random random)
    {
        // Mutate the JSON header as text, keeping the 8-byte length consistent with it.
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(random);
        var length = (int)BitConverter.ToUInt64(seed, 0);
        var header = Mutator.Mutate(seed[8..(8 + length)], random, text: true).Bytes;
        return [.. BitConverter.GetBytes((ulong)header.Length), .. header, .. seed[(8 + length)..]];
    }
}
