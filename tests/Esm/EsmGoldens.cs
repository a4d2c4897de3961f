using System.Text.Json;
using PllmML.Data.Tensors;

namespace PllmML.Esm.Tests;

/// <summary>The official implementation's outputs for a random-weight checkpoint (see data/esm2/README.md).</summary>
internal sealed class EsmGoldens : IDisposable
{
    private readonly SafetensorsFile _file;

    public EsmGoldens(string folder)
    {
        Folder = folder;
        _file = SafetensorsFile.Open(Path.Combine(folder, "golden.safetensors"));
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "golden.json")));
        Sequences = json.RootElement.GetProperty("sequences").EnumerateArray()
            .Select(s => new GoldenSequence(s.GetProperty("id").GetString()!, s.GetProperty("sequence").GetString()!,
                s.GetProperty("residue_tokens").GetInt32()))
            .ToList();
    }

    public static EsmGoldens Tiny => new(TestPaths.Bundled("esm2", "tiny"));

    public string Folder { get; }

    public IReadOnlyList<GoldenSequence> Sequences { get; }

    public bool Has(string name) => _file.Contains(name);

    public float[] Floats(string name) => _file.Read(name).ToSingles();

    public long[] Longs(string name) => _file.Read(name).ToInt64s();

    public float[] Row(string name, int row, int width) => Floats(name).AsSpan(row * width, width).ToArray();

    public void Dispose() => _file.Dispose();

    public static float MaxAbsDiff(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var max = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        }

        return max;
    }
}

internal sealed record GoldenSequence(string Id, string Sequence, int ResidueTokens);
