using PllmML.Evaluation;
using PllmML.Kernels.Neighbors;

namespace PllmML.Evaluation.Tests;

public class UmapTests
{
    [Fact]
    public void FitCurve_MatchesScipyCurveFit()
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "umap_ab.json")));
        var root = json.RootElement;
        var (a, b) = Umap.FitCurve(root.GetProperty("min_dist").GetDouble(), root.GetProperty("spread").GetDouble());
        Assert.Equal(root.GetProperty("a").GetDouble(), a, 1e-5);
        Assert.Equal(root.GetProperty("b").GetDouble(), b, 1e-5);
    }

    [Fact]
    public void Embed_KeepsCellTypesApartAndIsReproducible()
    {
        var input = Fixture.Load("two_species.json").Input;
        var first = Umap.Embed(input, new UmapOptions { Epochs = 200 });
        Assert.Equal(first, Umap.Embed(input, new UmapOptions { Epochs = 200 }));
        Assert.All(first, v => Assert.True(float.IsFinite(v)));

        // The 2-D picture keeps neighbourhoods: the 10 nearest cells in 2-D share the cell type about as often as the
        // 10 nearest cells in the original space do.
        var flat = new EvaluationInput(input.CellCount, 2, first.Select(v => (double)v).ToArray(), input.Labels, input.Batches);
        var original = SameTypeFraction(NeighborSearches.Cpu.Search(input.Values, input.Dimensions, 10), input.Labels);
        var projected = SameTypeFraction(NeighborSearches.Cpu.Search(flat.Values, flat.Dimensions, 10), input.Labels);
        Assert.True(projected > original - 0.05, $"same-type neighbours: {projected} in 2-D, {original} in the embedding");
        Assert.True(projected > 0.9, $"same-type neighbours in 2-D: {projected}");
    }

    private static double SameTypeFraction(NeighborGraph graph, LabelCodes labels)
    {
        var same = 0;
        for (var i = 0; i < graph.CellCount; i++)
        {
            foreach (var j in graph.NeighborsOf(i))
            {
                same += labels.Codes[i] == labels.Codes[j] ? 1 : 0;
            }
        }

        return (double)same / (graph.CellCount * graph.NeighborCount);
    }
}
