using System.Text.Json.Nodes;
using PllmML.Pipeline;
using PllmML.Pipeline.Comparison;
using PllmML.Pipeline.Configuration;
using PllmML.Transforms.SingleCell;

namespace PllmML.Cli.Tests.Species;

/// <summary>
/// <c>pllm compare-maps</c>: the seed project's five human–mouse gene maps plus CACIMAR on the bundled pancreas cells,
/// judged against Ensembl one-to-one, each equal to a separate single-map run.
/// </summary>
public class GeneMapComparisonTests
{
    private static readonly string[] SharedTypes = ["alpha", "beta", "delta", "macrophage", "stellate"];

    [SharedDataFact]
    public void SeedStrategiesAndCacimar_OnPancreas_SideBySide_EqualSeparateRuns()
    {
        var folder = TestPaths.NewTempFolder();
        var config = PancreasConfig(TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv"));
        config.Compare = new CompareConfiguration
        {
            Reference = Orthologs("ENS_O2O", "human_mice.csv"),
            Maps =
            [
                new GeneMapConfiguration { Name = "ENS_M2M", Path = Orthologs("ENS_M2M", "human_mice_ENS_M2M.txt"), Strategy = HomologyStrategy.ManyToManySum },
                new GeneMapConfiguration { Name = "ENS_O2O", Path = Orthologs("ENS_O2O", "human_mice.csv") },
                new GeneMapConfiguration { Name = "HM_O2O", Path = Orthologs("HM_O2O", "human_mice_o2o.csv") },
                new GeneMapConfiguration { Name = "LM_O2O", Path = Orthologs("LM_O2O", "human_mice_LM_O2O.csv") },
                new GeneMapConfiguration { Name = "HL_O2O", Path = Orthologs("HL_O2O", "human_mice_union_greedy.csv") },
                new GeneMapConfiguration { Name = "CACIMAR", Path = Orthologs("CACIMAR", "derived", "OrthG_Hs_Mm.tsv") },
            ],
        };

        var result = GeneMapComparison.Run(config, "in-code", Path.Combine(folder, "comparison"));

        var json = JsonNode.Parse(File.ReadAllText(result.Json))!;
        var maps = json["maps"]!.AsArray().ToDictionary(map => (string)map!["name"]!, map => map!);
        Assert.Equal(["ENS_M2M", "ENS_O2O", "HM_O2O", "LM_O2O", "HL_O2O", "CACIMAR"], maps.Keys);

        // Agreement with Ensembl one-to-one equals the independent pandas figures of ortholog_facts.json.
        var facts = JsonNode.Parse(File.ReadAllText(Orthologs("ortholog_facts.json")))!["pairs"]!["human_mice"]!;
        foreach (var name in new[] { "LM_O2O", "HM_O2O", "HL_O2O" })
        {
            var reference = maps[name]["reference"]!["mouse"]!;
            Assert.Equal((int)facts["ENS_O2O"]!["n_unique_pairs"]!, (int)reference["reference_pairs"]!);
            Assert.Equal((int)facts[name]!["n_shared_with_ENS_O2O"]!, (int)reference["shared_pairs"]!);
            Assert.Equal((double)facts[name]!["frac_ENS_O2O_recovered"]!, (double)reference["recovered"]!, 12);
            Assert.Equal((int)facts[name]!["n_pairs_whose_first_gene_in_ENS_O2O"]!, (int)reference["comparable_pairs"]!);
            Assert.Equal((double)facts[name]!["frac_agree_among_first_gene_in_ENS_O2O"]!, (double)reference["agreement"]!, 12);
        }

        // Classifier transfer both ways for every map, and every map integrates: the mouse-trained classifier annotates
        // the human islet cells well whatever the map (the seed's finding is that the maps differ at the margin).
        foreach (var outcome in result.Maps)
        {
            Assert.Equal([("mouse", "human"), ("human", "mouse")], outcome.ClassifierTransfers.Select(t => (t.ReferenceBatch, t.QueryBatch)));
            Assert.InRange(outcome.ClassifierTransfers[0].Accuracy, 0.75, 1.0);
            Assert.InRange(outcome.SharedGenes, 10_000, 12_474);
            Assert.Equal(2000, outcome.VariableGenes);
            Assert.True(File.Exists(Path.Combine(outcome.Folder, "model.zip")), outcome.Name);
        }

        Assert.True(result.Maps[3].SharedGenes < result.Maps[2].SharedGenes, "the LM map pairs fewer genes than HM_O2O");

        // The numbers of one map equal a separate pllm run with that map.
        var single = PancreasConfig(Orthologs("HM_O2O", "human_mice_o2o.csv"));
        var run = PllmRun.Execute(single, "in-code", Path.Combine(folder, "single"));
        var metrics = JsonNode.Parse(File.ReadAllText(run.Output.Metrics))!;
        var hm = maps["HM_O2O"];
        Assert.Equal((double)metrics["integrated"]!["metrics"]!["Total"]!, (double)hm["scib"]!["Total"]!);
        Assert.Equal((double)metrics["integrated"]!["metrics"]!["iLISI"]!, (double)hm["scib"]!["iLISI"]!);
        Assert.Equal((double)metrics["baseline"]!["metrics"]!["Total"]!, (double)hm["scib_unintegrated_pca"]!["Total"]!);
        Assert.Equal(Accuracies(metrics["integrated"]!["label_transfer"]!), Accuracies(hm["knn_transfer"]!));
        Assert.Equal(Accuracies(metrics["classifier_label_transfer"]!), Accuracies(hm["classifier_transfer"]!).Take(1));
        Assert.Contains("11732 shared genes", run.Stages[0].Figure, StringComparison.Ordinal);
        Assert.Equal(11_732, (int)hm["shared_genes"]!);

        var html = File.ReadAllText(result.Html);
        Assert.All(maps.Keys, name => Assert.Contains($"maps/{name}/report.html", html, StringComparison.Ordinal));
        Assert.Contains("classifier label transfer", html, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [SharedDataFact]
    public void ABiomartSource_BuildsTheEnsemblOneToOneTable_AndFitsAsTheTableDoes()
    {
        var folder = TestPaths.NewTempFolder();
        var config = PancreasConfig(TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv"));
        config.Compare = new CompareConfiguration
        {
            BothWays = false,
            Maps =
            [
                new GeneMapConfiguration { Name = "ENS_O2O", Path = Orthologs("ENS_O2O", "human_mice.csv") },
                new GeneMapConfiguration { Name = "built", Biomart = Orthologs("ENS_M2M", "human_mice_ENS_M2M.txt"), Ensembl = "ens-o2o" },
            ],
        };

        var result = GeneMapComparison.Run(config, "in-code", folder);

        Assert.Equal(File.ReadAllBytes(Orthologs("ENS_O2O", "human_mice.csv")), File.ReadAllBytes(Path.Combine(folder, "maps", "built", "pairs.csv")));
        var (table, built) = (result.Maps[0], result.Maps[1]);
        Assert.Equal(table.SharedGenes, built.SharedGenes);
        Assert.Equal(table.Evaluation.Integrated.Total, built.Evaluation.Integrated.Total);
        Assert.Equal(table.ClassifierTransfers.Single().Accuracy, built.ClassifierTransfers.Single().Accuracy);
        Directory.Delete(folder, true);
    }

    [Theory]
    [InlineData("", "compare", "missing: list the gene maps")]
    [InlineData("\"compare\": { \"maps\": [ { \"name\": \"a b\", \"path\": \"CACIMAR\" } ] }", "compare.maps[0].name", "'a b': letters, digits")]
    [InlineData("\"compare\": { \"maps\": [ { \"name\": \"x\" } ] }", "compare.maps[0]", "give exactly one of path, biomart")]
    [InlineData("\"compare\": { \"maps\": [ { \"name\": \"x\", \"biomart\": \"CACIMAR\", \"ensembl\": \"lm-o2o\" } ] }", "compare.maps[0].ensembl", "'lm-o2o'")]
    [InlineData("\"compare\": { \"maps\": [ { \"name\": \"x\", \"path\": \"CACIMAR\" }, { \"name\": \"X\", \"path\": \"CACIMAR\" } ] }", "compare.maps[1].name", "'X' names two maps")]
    public void CompareMaps_BadCompareSection_IsOneLineNamingTheConfigAndField(string section, string field, string problem)
    {
        var folder = TestPaths.NewTempFolder();
        var config = Path.Combine(folder, "compare.json");
        string Json(string path) => path.Replace("\\", "/", StringComparison.Ordinal);
        File.WriteAllText(config, $$"""
            { "inputs": [ { "path": "{{Json(TestPaths.Bundled("pancreas", "human.h5ad"))}}", "species": "human", "labelKey": "cell_type" },
                          { "path": "{{Json(TestPaths.Bundled("pancreas", "mouse.h5ad"))}}", "species": "mouse", "labelKey": "cell_type" } ],
              "homology": { "path": "{{Json(TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv"))}}" }{{(section.Length > 0 ? "," : string.Empty)}}
              {{section.Replace("CACIMAR", Json(TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv")), StringComparison.Ordinal)}} }
            """);

        var run = CliRun.Of("compare-maps", config, "--out", Path.Combine(folder, "out"));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{config}, {field}: {problem}", line, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    private static RunConfiguration PancreasConfig(string homology) => new()
    {
        Inputs =
        [
            new InputConfiguration { Path = TestPaths.Bundled("pancreas", "human.h5ad"), Species = "human", LabelKey = "cell_type" },
            new InputConfiguration { Path = TestPaths.Bundled("pancreas", "mouse.h5ad"), Species = "mouse", LabelKey = "cell_type" },
        ],
        Homology = new HomologyConfiguration { Path = homology, ReferenceSpecies = "human" },
        TrainSpecies = ["mouse"],
        KeepLabels = [.. SharedTypes],
        Evaluation = new EvaluationConfiguration { Pictures = false },
    };

    private static string Orthologs(params string[] parts) => TestPaths.Shared(["orthologs", .. parts]);

    private static List<(string, string, double)> Accuracies(JsonNode transfers) =>
        [.. transfers.AsArray().Select(t => ((string)t!["reference"]!, (string)t["query"]!, (double)t["accuracy"]!))];
}
