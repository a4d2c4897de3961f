using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Kernels.Similarity;
using PllmML.Transforms.Homology;

namespace PllmML.Transforms.Tests.Homology;

public class NearestGeneMappingEstimatorTests
{
    private const int Width = 16;

    [Fact]
    public void Transform_MatchesBruteForcePearson()
    {
        var ml = new MLContext(seed: 1);
        var (genesB, genesA) = Data(40, 25, 3);
        var model = new NearestGeneMappingEstimator(ml).Fit(ml.Data.LoadFromEnumerable(genesB));

        var results = Rows(ml, model.Transform(ml.Data.LoadFromEnumerable(genesA)));

        for (var row = 0; row < genesA.Length; row++)
        {
            var expected = genesB
                .Select((gene, index) => (gene.Gene, Score: Pearson(genesA[row].Embedding, gene.Embedding), index))
                .OrderByDescending(x => x.Score).ThenBy(x => x.index).ToArray();
            Assert.Equal(expected[0].Gene, results[row].MatchedGene);
            Assert.Equal(expected[0].Score, results[row].Score, 1e-5);
            Assert.Equal(expected.Take(5).Select(x => x.Gene), results[row].MatchedGenes);
        }
    }

    [Fact]
    public void SaveAndLoad_FreshContext_SameValues()
    {
        var ml = new MLContext(seed: 1);
        var (genesB, genesA) = Data(30, 12, 4);
        var data = ml.Data.LoadFromEnumerable(genesA);
        var model = new NearestGeneMappingEstimator(ml, new NearestGeneMappingEstimator.Options { Metric = SimilarityMetric.Cosine, TopK = 3 })
            .Fit(ml.Data.LoadFromEnumerable(genesB));
        var path = Path.Combine(TestPaths.NewTempFolder(), "mapper.zip");

        NearestGeneMappingModel.Save(ml, model, data.Schema, path);
        var fresh = new MLContext(seed: 2);
        var loaded = NearestGeneMappingModel.Load(fresh, path, out var schema);
        var before = Rows(ml, model.Transform(data));
        var after = Rows(fresh, loaded.Transform(fresh.Data.LoadFromEnumerable(genesA)));

        Assert.NotNull(schema.GetColumnOrNull("Embedding"));
        Assert.Equal(before.Select(r => (r.MatchedGene, r.Score)), after.Select(r => (r.MatchedGene, r.Score)));
        Assert.Equal(before.Select(r => string.Join(',', r.MatchedGenes)), after.Select(r => string.Join(',', r.MatchedGenes)));
    }

    [Fact]
    public void Load_WithoutLibrary_FailsWithClearMessage()
    {
        var ml = new MLContext(seed: 1);
        var (genesB, genesA) = Data(10, 3, 5);
        var data = ml.Data.LoadFromEnumerable(genesA);
        var path = Path.Combine(TestPaths.NewTempFolder(), "mapper.zip");
        NearestGeneMappingModel.Save(ml, new NearestGeneMappingEstimator(ml).Fit(ml.Data.LoadFromEnumerable(genesB)), data.Schema, path);

        var error = Record.Exception(() =>
        {
            var model = new MLContext().Model.Load(path, out _);
            Rows(ml, model.Transform(data));
        });

        Assert.NotNull(error);
        Assert.Contains("NearestGeneMappingModel.Load", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_CustomEmbeddingColumn_Works()
    {
        var ml = new MLContext(seed: 1);
        var (genesB, genesA) = Data(12, 4, 6);
        var options = new NearestGeneMappingEstimator.Options { EmbeddingColumnName = "Features", GeneColumnName = "Symbol" };
        var fit = ml.Data.LoadFromEnumerable(genesB.Select(g => new RenamedRow { Symbol = g.Gene, Features = g.Embedding }));
        var transform = ml.Data.LoadFromEnumerable(genesA.Select(g => new RenamedRow { Symbol = g.Gene, Features = g.Embedding }));

        var model = new NearestGeneMappingEstimator(ml, options).Fit(fit);
        var results = Rows(ml, model.Transform(transform));

        Assert.Equal(4, results.Length);
        Assert.All(results, r => Assert.Contains(r.MatchedGene, genesB.Select(g => g.Gene)));
    }

    [Fact]
    public void Fit_MissingColumnOrDuplicateGene_Throws()
    {
        var ml = new MLContext(seed: 1);
        var (genesB, _) = Data(5, 1, 7);
        var estimator = new NearestGeneMappingEstimator(ml, new NearestGeneMappingEstimator.Options { GeneColumnName = "Name" });
        genesB[3].Gene = genesB[1].Gene;

        Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(ml.Data.LoadFromEnumerable(genesB)));
        var duplicate = Assert.Throws<ArgumentException>(() => new NearestGeneMappingEstimator(ml).Fit(ml.Data.LoadFromEnumerable(genesB)));
        Assert.Contains("occurs twice", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetOutputSchema_AddsMatchColumnTypes()
    {
        var ml = new MLContext(seed: 1);
        var (genesB, genesA) = Data(5, 1, 8);
        var model = new NearestGeneMappingEstimator(ml).Fit(ml.Data.LoadFromEnumerable(genesB));

        var schema = model.GetOutputSchema(ml.Data.LoadFromEnumerable(genesA).Schema);

        Assert.Equal(TextDataViewType.Instance, schema["MatchedGene"].Type);
        Assert.Equal(NumberDataViewType.Single, schema["Score"].Type);
        Assert.Equal(5, model.Genes.Count);
    }

    private static NearestGeneOutput[] Rows(MLContext ml, IDataView data) =>
        ml.Data.CreateEnumerable<NearestGeneOutput>(data, reuseRowObject: false).ToArray();

    private static double Pearson(float[] x, float[] y)
    {
        var mx = x.Average(v => (double)v);
        var my = y.Average(v => (double)v);
        var dot = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        return dot / Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)) * y.Sum(b => (b - my) * (b - my)));
    }

    private static (GeneRow[] B, GeneRow[] A) Data(int countB, int countA, int seed)
    {
        var random = new Random(seed);
        float[] Vector() => Enumerable.Range(0, Width).Select(_ => (float)random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, countB).Select(i => new GeneRow { Gene = $"Gene{i}", Embedding = Vector() }).ToArray();
        var a = Enumerable.Range(0, countA).Select(i => new GeneRow
        {
            Gene = $"GENE{i}",
            Embedding = b[random.Next(countB)].Embedding.Select(v => v + (float)(0.2 * random.NextDouble())).ToArray(),
        }).ToArray();
        return (b, a);
    }

    private sealed class GeneRow
    {
        public string Gene { get; set; } = string.Empty;

        [VectorType(Width)]
        public float[] Embedding { get; set; } = [];
    }

    private sealed class RenamedRow
    {
        public string Symbol { get; set; } = string.Empty;

        [VectorType(Width)]
        public float[] Features { get; set; } = [];
    }
}
