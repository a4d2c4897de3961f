using PllmML.Data.Tensors;

namespace PllmML.Esm.Checkpoints;

/// <summary>
/// Random ESM-2-shaped weights generated on demand (deterministic per seed and tensor name): N(0, 0.02) matrices,
/// LayerNorm weights 1 and biases 0, rotary <c>inv_freq</c> as real checkpoints store it (float16-rounded). For
/// benchmarks and shape tests only; the outputs mean nothing.
/// </summary>
internal sealed class RandomTensorSource : ITensorSource
{
    private readonly int _seed;
    private readonly Dictionary<string, long[]> _shapes;

    public RandomTensorSource(EsmArchitecture architecture, int seed)
    {
        _seed = seed;
        _shapes = EsmKeyMap.TrunkTensors(architecture).Concat(EsmKeyMap.HeadTensors(architecture)).ToDictionary(t => t.Key, t => t.Shape);
        Entries = _shapes.Select(pair => new TensorEntry(pair.Key, TensorElementType.F32, pair.Value)).ToList();
    }

    public string FilePath => $"(random weights, seed {_seed})";

    public IReadOnlyList<TensorEntry> Entries { get; }

    public StoredTensor Read(string name)
    {
        var shape = _shapes[name];
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var values = new float[count];
        if (name.EndsWith("inv_freq", StringComparison.Ordinal))
        {
            var dimension = 2 * count;
            for (var i = 0; i < count; i++)
            {
                values[i] = (float)(Half)(1.0 / Math.Pow(10000, 2.0 * i / dimension));
            }
        }
        else if (name.Contains("norm", StringComparison.Ordinal) && name.EndsWith(".weight", StringComparison.Ordinal))
        {
            Array.Fill(values, 1f);
        }
        else if (!name.EndsWith(".bias", StringComparison.Ordinal))
        {
            var random = new Random(HashCode.Combine(_seed, StringComparer.Ordinal.GetHashCode(name)));
            for (var i = 0; i < count; i++)
            {
                values[i] = (float)(0.02 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            }
        }

        return StoredTensor.FromSingles(values, shape);
    }

    public void Dispose()
    {
    }
}
