using System.Text.Json;
using PllmML.Evaluation;

namespace PllmML.Evaluation.Tests;

/// <summary>One reference fixture written by Fixtures/generate_fixtures.py (numpy, scipy, scikit-learn).</summary>
internal sealed class Fixture
{
    private readonly JsonElement _root;

    private Fixture(JsonElement root)
    {
        _root = root;
        Input = new EvaluationInput(Int("cells"), Int("dims"), Doubles("embedding"), new LabelCodes(Strings("labels")), new LabelCodes(Strings("batches")));
        Baseline = new EvaluationInput(Int("cells"), Int("baseline_dims"), Doubles("baseline"), Input.Labels, Input.Batches);
    }

    public EvaluationInput Input { get; }

    public EvaluationInput Baseline { get; }

    public static Fixture Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name)));
        return new Fixture(document.RootElement.Clone());
    }

    public JsonElement this[string key] => _root.GetProperty(key);

    public int Int(string key) => _root.GetProperty(key).GetInt32();

    public double Double(string key) => _root.GetProperty(key).GetDouble();

    public double[] Doubles(string key) => Doubles(_root.GetProperty(key));

    public static double[] Doubles(JsonElement array) =>
        array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble()).ToArray();

    public int[] Ints(string key) => _root.GetProperty(key).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public string[] Strings(string key) => _root.GetProperty(key).EnumerateArray().Select(e => e.GetString()!).ToArray();

    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance = 1e-6)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            if (double.IsNaN(expected[i]))
            {
                Assert.True(double.IsNaN(actual[i]), $"[{i}]: expected NaN, got {actual[i]}");
                continue;
            }

            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
