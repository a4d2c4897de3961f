using Microsoft.ML.Data;
using PllmML.Kernels.Statistics;
using PllmML.Trainers.SingleCell;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.Tests.SingleCell;

public sealed class MarkerProgramScorerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Score_EqualsTheProgramMeanOfTheLogNormalisedSharedSums(bool featureOfThreeGenes)
    {
        const int genes = 900, features = 700;
        var random = new Random(featureOfThreeGenes ? 11 : 10);
        var sources = Enumerable.Range(0, genes).Where(gene => gene % 9 != 0).ToList();
        var targets = sources.Select(gene => gene % features).ToList();
        if (featureOfThreeGenes)
        {
            sources.Add(5);
            targets.Add((1 + features) % features);
        }

        var part = new SpeciesReference("mouse", [.. sources], [.. targets], new float[features]);
        var measured = Enumerable.Range(0, features).Select(feature => feature % 13 != 0).ToArray();
        int[][] markers = [[1, 2, 3, 13], [26, 39], [.. Enumerable.Range(100, 40)], [650, 699, 0]];
        var rows = Enumerable.Range(0, 50).Select(_ =>
        {
            var counts = Enumerable.Range(0, genes).Select(_ => random.NextDouble() < 0.7 ? 0f : (float)random.Next(1, 30)).ToArray();
            var indices = Enumerable.Range(0, genes).Where(gene => counts[gene] != 0).ToArray();
            return (Counts: counts, Row: new CellRow { Species = "mouse", Counts = new VBuffer<float>(genes, indices.Length, [.. indices.Select(g => counts[g])], indices) });
        }).ToArray();
        var empty = new CellRow { Species = "mouse", Counts = new VBuffer<float>(genes, 0, [], []) };

        var scores = new float[(rows.Length + 1) * markers.Length];
        var scorer = new MarkerProgramScorer(part, features, measured, markers, 1e4f);
        for (var cell = 0; cell < rows.Length; cell++)
        {
            scorer.Score(rows[cell].Row, cell, scores);
        }

        scorer.Score(empty, rows.Length, scores);

        for (var cell = 0; cell < rows.Length; cell++)
        {
            var shared = new float[features];
            for (var entry = 0; entry < sources.Count; entry++)
            {
                shared[targets[entry]] += rows[cell].Counts[sources[entry]];
            }

            var normalized = new float[features];
            LogNormalization.Apply(shared, normalized, 1e4f);
            for (var type = 0; type < markers.Length; type++)
            {
                Assert.Equal((float)MarkerPrograms.Score(normalized, markers[type], measured), scores[(cell * markers.Length) + type]);
            }
        }

        // A cell without counts scores 0 on measured programs; a program of unmeasured genes only is NaN.
        Assert.Equal([0f, float.NaN, 0f, 0f], scores[^4..]);
    }
}
