using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Data.Tensors;
using PllmML.Transforms.Proteins;

namespace PllmML.Transforms.Tests.Proteins;

public class EmbedProteinsEstimatorTests
{
    private static readonly string Tiny = TestPaths.Bundled("esm2", "tiny");
    private static readonly string OnnxModel = Path.Combine(Tiny, "onnx", "model.onnx");

    [Fact]
    public void Transform_GoldenSequences_MatchesTheOfficialMeanEmbeddings()
    {
        var context = new MLContext(seed: 1);
        var (sequences, expected) = Goldens();
        var data = context.Data.LoadFromEnumerable(sequences.Select(s => new ProteinRow { Sequence = s }));

        var transformer = new EmbedProteinsEstimator(context, "Embedding", OnnxModel, "Sequence").Fit(data);
        var actual = Embeddings(context, transformer.Transform(data));

        Assert.Equal(sequences.Count, actual.Count);
        var max = actual.Select((vector, row) => vector.Zip(expected[row], (a, b) => Math.Abs(a - b)).Max()).Max();
        Assert.InRange(max, 0, 1e-5f);
    }

    [Fact]
    public void SaveAndLoad_InAFreshContext_GivesTheSameVectorsAndAKnownSizeColumn()
    {
        var (sequences, _) = Goldens();
        var rows = sequences.Take(5).Select(s => new ProteinRow { Sequence = s }).ToList();
        var zip = Path.Combine(TestPaths.NewTempFolder(), "embed.zip");
        List<float[]> before;
        {
            var context = new MLContext(seed: 1);
            var data = context.Data.LoadFromEnumerable(rows);
            var transformer = new EmbedProteinsEstimator(context, "Embedding", OnnxModel, "Sequence").Fit(data);
            before = Embeddings(context, transformer.Transform(data));
            context.Model.Save(transformer, data.Schema, zip);
        }

        var fresh = new MLContext(seed: 2);
        var loaded = fresh.Model.Load(zip, out _);
        var output = loaded.Transform(fresh.Data.LoadFromEnumerable(rows));
        var after = Embeddings(fresh, output);
        var engine = fresh.Model.CreatePredictionEngine<ProteinRow, EmbeddingRow>(loaded);

        Assert.Equal(before, after);
        Assert.Equal(64, ((VectorDataViewType)output.Schema["Embedding"].Type).Size);
        Assert.Equal(before[2], engine.Predict(rows[2]).Embedding);
    }

    [Fact]
    public void Fit_WithoutTheSequenceColumn_ThrowsArgumentOutOfRange()
    {
        var context = new MLContext(seed: 1);
        var data = context.Data.LoadFromEnumerable(new[] { new ProteinRow { Sequence = "MKT" } });
        var estimator = new EmbedProteinsEstimator(context, "Embedding", OnnxModel, "Protein");

        Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(data));
    }

    private static List<float[]> Embeddings(MLContext context, IDataView data) =>
        context.Data.CreateEnumerable<EmbeddingRow>(data, reuseRowObject: false).Select(row => row.Embedding).ToList();

    private static (List<string> Sequences, List<float[]> Means) Goldens()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Tiny, "golden.json")));
        var sequences = json.RootElement.GetProperty("sequences").EnumerateArray()
            .Select(s => s.GetProperty("sequence").GetString()!).Where(s => !s.Contains('<', StringComparison.Ordinal)).ToList();
        using var file = SafetensorsFile.Open(Path.Combine(Tiny, "golden.safetensors"));
        var means = file.Read("single.mean_last").ToSingles();
        return (sequences, sequences.Select((_, row) => means.AsSpan(row * 64, 64).ToArray()).ToList());
    }

    public sealed class ProteinRow
    {
        public string Sequence { get; set; } = string.Empty;
    }

    public sealed class EmbeddingRow
    {
        [VectorType(64)]
        public float[] Embedding { get; set; } = [];
    }
}
