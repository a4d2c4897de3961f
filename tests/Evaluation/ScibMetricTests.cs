using PllmML.Evaluation;
using PllmML.Kernels.Clustering;
using PllmML.Kernels.Neighbors;

namespace PllmML.Evaluation.Tests;

/// <summary>Every scib metric against the independent references of Fixtures/generate_fixtures.py, to 1e-6.</summary>
public class ScibMetricTests
{
    public static TheoryData<string> Fixtures => ["two_species.json", "three_batches.json"];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void NearestNeighbors_MatchExactSearch(string name)
    {
        var fixture = Fixture.Load(name);
        var graph = NeighborSearches.Cpu.Search(fixture.Input.Values, fixture.Input.Dimensions, 10);
        Assert.Equal(fixture.Ints("knn10_indices"), graph.Indices);
        Fixture.Close(fixture.Doubles("knn10_distances"), graph.Distances, 1e-9);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void SilhouetteSamples_MatchSklearn(string name)
    {
        var fixture = Fixture.Load(name);
        var input = fixture.Input;
        var samples = Silhouette.Samples((double[])input.Embedding, input.Dimensions, Enumerable.Range(0, input.CellCount).ToArray(), input.Labels.Codes);
        Fixture.Close(fixture.Doubles("silhouette_label_samples"), samples);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void BatchSilhouette_MatchesScibDefinition(string name)
    {
        var fixture = Fixture.Load(name);
        Fixture.Close(fixture.Doubles("batch_asw_per_label"), BatchSilhouette.PerLabel(fixture.Input));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void IsolatedLabels_MatchScibMetricsDefinition(string name)
    {
        var fixture = Fixture.Load(name);
        var input = fixture.Input;
        var isolated = IsolatedLabels.Find(input.Labels, input.Batches).Select(l => input.Labels.Names[l]);
        Assert.Equal(fixture.Strings("isolated_label_names"), isolated);
        var silhouettes = fixture.Doubles("silhouette_label_samples");
        Assert.Equal(fixture.Double("isolated_labels"), IsolatedLabels.Score(silhouettes, input.Labels, input.Batches), 1e-9);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void IsolatedLabelsF1_MatchesSklearnF1OverClusterings(string name)
    {
        var fixture = Fixture.Load(name);
        var input = fixture.Input;
        var score = IsolatedLabels.F1Score(input.Labels, input.Batches, [fixture.Ints("kmeans_labels"), fixture.Ints("other_partition")]);
        Assert.Equal(fixture.Double("isolated_f1"), score, 1e-9);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Lisi_PerCellAndScaled_MatchReference(string name)
    {
        var fixture = Fixture.Load(name);
        var input = fixture.Input;
        var graph = NeighborSearches.Cpu.Search(input.Values, input.Dimensions, 89);
        Fixture.Close(fixture.Doubles("lisi_batch"), Lisi.PerCell(graph, input.Batches));
        Fixture.Close(fixture.Doubles("lisi_label"), Lisi.PerCell(graph, input.Labels));
        Assert.Equal(fixture.Double("ilisi"), Lisi.IntegrationScore(graph, input.Batches), 1e-6);
        Assert.Equal(fixture.Double("clisi"), Lisi.ConservationScore(graph, input.Labels), 1e-6);

        // Both categorisations from one weight search: the bits of each on its own.
        var both = Lisi.PerCell(graph, [input.Labels, input.Batches]);
        Assert.Equal(Lisi.PerCell(graph, input.Labels).Select(BitConverter.DoubleToInt64Bits), both[0].Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(Lisi.PerCell(graph, input.Batches).Select(BitConverter.DoubleToInt64Bits), both[1].Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(fixture.Double("clisi"), Lisi.ConservationScore(both[0], input.Labels.Count), 1e-6);
        Assert.Equal(fixture.Double("ilisi"), Lisi.IntegrationScore(both[1], input.Batches.Count), 1e-6);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Kbet_PerLabel_MatchesReference(string name)
    {
        var fixture = Fixture.Load(name);
        Fixture.Close(fixture.Doubles("kbet_per_label"), Kbet.PerLabel(fixture.Input));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void GraphConnectivity_MatchesScipyComponents(string name)
    {
        var fixture = Fixture.Load(name);
        var graph = NeighborSearches.Cpu.Search(fixture.Input.Values, fixture.Input.Dimensions, 15);
        Fixture.Close(fixture.Doubles("graph_connectivity_per_label"), GraphConnectivity.PerLabel(graph, fixture.Input.Labels));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void PrincipalComponentRegression_MatchesSklearnPcaAndRegression(string name)
    {
        var fixture = Fixture.Load(name);
        var input = fixture.Input;
        var baseline = fixture.Baseline;
        var after = PrincipalComponentRegression.Compute(input.Embedding, input.CellCount, input.Dimensions, input.Batches);
        var before = PrincipalComponentRegression.Compute(baseline.Embedding, baseline.CellCount, baseline.Dimensions, input.Batches);
        Assert.Equal(fixture.Double("pcr_embedding"), after, 1e-6);
        Assert.Equal(fixture.Double("pcr_baseline"), before, 1e-6);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void KMeansLloyd_FromSameCentres_MatchesSklearn(string name)
    {
        var fixture = Fixture.Load(name);
        var input = fixture.Input;
        var labels = KMeans.Fit((double[])input.Embedding, input.Dimensions, input.Labels.Count, new GivenCentresSeeding(fixture.Doubles("kmeans_init"))).Labels;
        Assert.Equal(fixture.Ints("kmeans_labels"), labels);
        Assert.Equal(fixture.Double("kmeans_nmi"), ClusterAgreement.NormalizedMutualInformation(input.Labels.Codes, labels), 1e-9);
        Assert.Equal(fixture.Double("kmeans_ari"), ClusterAgreement.AdjustedRandIndex(input.Labels.Codes, labels), 1e-9);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void NmiAri_OfUnrelatedPartition_MatchSklearn(string name)
    {
        var fixture = Fixture.Load(name);
        var other = fixture.Ints("other_partition");
        Assert.Equal(fixture.Double("other_nmi"), ClusterAgreement.NormalizedMutualInformation(fixture.Input.Labels.Codes, other), 1e-9);
        Assert.Equal(fixture.Double("other_ari"), ClusterAgreement.AdjustedRandIndex(fixture.Input.Labels.Codes, other), 1e-9);
    }

    [Fact]
    public void NmiAri_SpecialCases_AsSklearn()
    {
        int[] one = [0, 0, 0, 0];
        int[] split = [0, 0, 1, 1];
        Assert.Equal(1.0, ClusterAgreement.NormalizedMutualInformation(one, one));
        Assert.Equal(0.0, ClusterAgreement.NormalizedMutualInformation(one, split));
        Assert.Equal(1.0, ClusterAgreement.AdjustedRandIndex(split, [5, 5, 7, 7]));
        Assert.Equal(0.0, ClusterAgreement.AdjustedRandIndex(one, split));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FuzzySimplicialSet_MatchesUmapDefinition(string name)
    {
        var fixture = Fixture.Load(name);
        var graph = FuzzySimplicialSet.Build(NeighborSearches.Cpu.Search(fixture.Input.Values, fixture.Input.Dimensions, 15));
        var expected = fixture["fuzzy_edges"].EnumerateArray().Select(e => e.EnumerateArray().ToArray())
            .ToDictionary(e => (e[0].GetInt32(), e[1].GetInt32()), e => e[2].GetDouble());
        var actual = Enumerable.Range(0, graph.NodeCount).SelectMany(i => graph.EdgesOf(i).Select(e => (Key: (i, e.Neighbor), e.Weight))).ToArray();
        Assert.Equal(expected.Count, actual.Length);
        foreach (var (key, weight) in actual)
        {
            Assert.Equal(expected[key], weight, 1e-6);
        }

        foreach (var property in fixture["modularity_labels"].EnumerateObject())
        {
            var resolution = double.Parse(property.Name, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(property.Value.GetDouble(), LouvainClustering.Modularity(graph, fixture.Input.Labels.Codes, resolution), 1e-6);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Louvain_ReachesAtLeastTheModularityOfTheTrueTypes(string name)
    {
        var fixture = Fixture.Load(name);
        var graph = FuzzySimplicialSet.Build(NeighborSearches.Cpu.Search(fixture.Input.Values, fixture.Input.Dimensions, 15));
        var clusters = LouvainClustering.Cluster(graph, 1.0, seed: 3);
        var found = LouvainClustering.Modularity(graph, clusters, 1.0);
        var truth = fixture["modularity_labels"].GetProperty("1.0").GetDouble();
        Assert.True(found >= truth - 1e-9, $"Louvain modularity {found} < {truth} of the true cell types");
        Assert.True(ClusterAgreement.AdjustedRandIndex(fixture.Input.Labels.Codes, clusters) > 0.5);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void LabelTransfer_MatchesSklearnKnnClassifierAndScores(string name)
    {
        var fixture = Fixture.Load(name);
        var scibGraph = NeighborSearches.Cpu.Search(fixture.Input.Values, fixture.Input.Dimensions, Math.Min(90, fixture.Input.CellCount - 1));
        foreach (var (expected, graph) in fixture["transfers"].EnumerateArray().SelectMany(e => new[] { (e, (NeighborGraph?)null), (e, scibGraph) }))
        {
            var result = LabelTransfer.Run(fixture.Input, expected.GetProperty("reference").GetString()!, expected.GetProperty("query").GetString()!, graph: graph);
            Assert.Equal(expected.GetProperty("predictions").EnumerateArray().Select(e => e.GetString()), result.Predictions.Select(p => result.TypeNames[p]));
            Assert.Equal(expected.GetProperty("accuracy").GetDouble(), result.Accuracy, 1e-9);
            Assert.Equal(expected.GetProperty("balanced_accuracy").GetDouble(), result.BalancedAccuracy, 1e-9);
            Assert.Equal(expected.GetProperty("macro_f1").GetDouble(), result.MacroF1, 1e-9);
            foreach (var recall in expected.GetProperty("recall").EnumerateObject())
            {
                Assert.Equal(recall.Value.GetDouble(), result.RecallPerType[recall.Name], 1e-9);
            }

            Assert.Equal(expected.GetProperty("confusion").EnumerateArray().Select(e => e.GetInt32()), result.Confusion);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void ScibReport_AggregatesAsScib(string name)
    {
        var fixture = Fixture.Load(name);
        var report = ScibMetrics.Compute(fixture.Input, fixture.Baseline);
        var silhouettes = fixture.Doubles("silhouette_label_samples");
        Assert.Equal((silhouettes.Average() + 1) / 2, report["Silhouette label"].Value!.Value, 1e-6);
        Assert.Equal(silhouettes.Average(), report["Silhouette label (raw)"].Value!.Value, 1e-6);
        Assert.Equal(fixture.Double("clisi"), report["cLISI"].Value!.Value, 1e-6);
        Assert.Equal(fixture.Double("ilisi"), report["iLISI"].Value!.Value, 1e-6);
        Assert.Equal(fixture.Doubles("kbet_per_label").Where(double.IsFinite).Average(), report["KBET"].Value!.Value, 1e-6);
        Assert.Equal(fixture.Doubles("batch_asw_per_label").Where(double.IsFinite).Average(), report["Silhouette batch"].Value!.Value, 1e-6);
        Assert.Equal(fixture.Doubles("graph_connectivity_per_label").Average(), report["Graph connectivity"].Value!.Value, 1e-6);
        var before = fixture.Double("pcr_baseline");
        Assert.Equal(Math.Max(0, (before - fixture.Double("pcr_embedding")) / before), report["PCR comparison"].Value!.Value, 1e-6);
        var bio = new[] { "Isolated labels", "KMeans NMI", "KMeans ARI", "Silhouette label", "cLISI" }.Average(m => report[m].Value!.Value);
        var batch = new[] { "Silhouette batch", "iLISI", "KBET", "Graph connectivity", "PCR comparison" }.Average(m => report[m].Value!.Value);
        Assert.Equal(bio, report.BioConservation!.Value, 12);
        Assert.Equal(batch, report.BatchCorrection!.Value, 12);
        Assert.Equal((0.4 * batch) + (0.6 * bio), report.Total!.Value, 12);
        Assert.InRange(report["Louvain NMI"].Value!.Value, 0.5, 1.0);
    }
}
