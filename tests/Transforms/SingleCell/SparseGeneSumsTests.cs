using Microsoft.ML.Data;
using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Transforms.Tests.SingleCell;

public sealed class SparseGeneSumsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Sum_EqualsTheDenseSumOverEveryEntryBitForBit(int seed)
    {
        // 2,000 genes onto 1,500 features: one-to-one, two genes into one feature, genes feeding two features, unmapped genes.
        var random = new Random(seed);
        var sources = new List<int>();
        var targets = new List<int>();
        var fedBy = new int[1500];
        for (var gene = 0; gene < 2000; gene++)
        {
            var feeds = random.Next(4) == 0 ? 2 : random.Next(10) == 0 ? 0 : 1;
            for (var f = 0; f < feeds; f++)
            {
                var feature = random.Next(1500);
                if (fedBy[feature] < 2)
                {
                    fedBy[feature]++;
                    sources.Add(gene);
                    targets.Add(feature);
                }
            }
        }

        var plan = SparseGeneSums.Of([.. sources], [.. targets], 1500);
        Assert.NotNull(plan);
        var counts = new float[2000];
        for (var gene = 0; gene < counts.Length; gene++)
        {
            counts[gene] = random.NextDouble() < 0.8 ? 0 : (float)(random.NextDouble() * 7.3);
        }

        var dense = new float[1500];
        for (var entry = 0; entry < sources.Count; entry++)
        {
            dense[targets[entry]] += counts[sources[entry]];
        }

        var indices = Enumerable.Range(0, counts.Length).Where(gene => counts[gene] != 0).ToArray();
        var result = default(VBuffer<float>);
        plan.Sum(indices, [.. indices.Select(gene => counts[gene])], ref result);

        Assert.Equal(dense, result.DenseValues().ToArray());
        Assert.Equal(Enumerable.Range(0, 1500).Where(feature => dense[feature] != 0), result.GetIndices().ToArray());

        // The buffers are reused: a second cell gives its own sums, nothing of the first.
        plan.Sum([3], [2f], ref result);
        Assert.Equal(targets.Select((feature, entry) => (feature, entry)).Where(pair => sources[pair.entry] == 3).Select(pair => pair.feature).Order(), result.GetIndices().ToArray());
    }

    [Fact]
    public void Of_FeatureOfThreeGenes_LeavesItToTheDenseSum()
    {
        Assert.Null(SparseGeneSums.Of([0, 1, 2], [5, 5, 5], 6));
        Assert.NotNull(SparseGeneSums.Of([0, 1, 2], [5, 5, 4], 6));
    }
}
