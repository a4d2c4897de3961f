using System.Globalization;
using System.Text.Json.Nodes;
using PllmML.Pipeline;
using PllmML.Pipeline.Comparison;
using PllmML.Pipeline.Configuration;
using PllmML.Trainers.SingleCell;
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

    /// <summary>
    /// pLLM variants compared by what they do to the integration. MACHINERY, not biology: 300 human–mouse gene pairs of the
    /// pancreas cells get random 40-residue proteins (the mouse copy with a quarter of its residues redrawn), embedded with
    /// the bundled RANDOM-WEIGHT tiny ESM-2 at its last layer and at layer 1. Each map built by the comparison equals a
    /// separate <c>pllm map</c> of the same embedding files, strategies over the same files share one similarity search,
    /// the per-species form equals the from/to form, and a map's row equals a separate <c>pllm run</c> with that map.
    /// </summary>
    [Fact]
    public void EmbeddingSources_PllmVariants_MapsEqualPllmMap_SearchesShared_AndARowEqualsASingleMapRun()
    {
        var folder = TestPaths.NewTempFolder();
        RunCommandTests.WriteOrthologProteins(folder, 300, mouseMutationRate: 0.25);
        string Embed(string species, int layer)
        {
            var path = Path.Combine(folder, $"{species}_layer{layer}.tsv");
            var embed = CliRun.Of("embed", "--model", TestPaths.Bundled("esm2", "tiny", "hf"), "--fasta", Path.Combine(folder, $"{species}.fa"), "--out", path,
                "--layer", layer.ToString(CultureInfo.InvariantCulture));
            Assert.True(embed.ExitCode == 0, embed.Error + embed.Output);
            return path;
        }

        var (humanLast, mouseLast, humanFirst, mouseFirst) = (Embed("human", -1), Embed("mouse", -1), Embed("human", 1), Embed("mouse", 1));
        var config = SmallGeneSpaceConfig(TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv"));
        config.Evaluation = new EvaluationConfiguration { Pictures = true };
        config.Compare = new CompareConfiguration
        {
            BothWays = false,
            Maps =
            [
                new GeneMapConfiguration { Name = "last", Embeddings = new EmbeddingMapConfiguration { From = humanLast, To = mouseLast } },
                new GeneMapConfiguration { Name = "last-mbh", Embeddings = new EmbeddingMapConfiguration { From = humanLast, To = mouseLast, Strategy = "mbh" } },
                new GeneMapConfiguration { Name = "layer1", Embeddings = new EmbeddingMapConfiguration { From = humanFirst, To = mouseFirst } },
                new GeneMapConfiguration
                {
                    Name = "per-species", Embeddings = new EmbeddingMapConfiguration { Files = new() { ["human"] = humanLast, ["mouse"] = mouseLast } },
                },
            ],
        };
        var steps = new List<string>();

        var result = GeneMapComparison.Run(config, "in-code", Path.Combine(folder, "comparison"), steps.Add);

        // One similarity search per pair of files (last layer, layer 1); the other two maps reuse the last layer's.
        Assert.Equal(2, steps.Count(step => step.Contains("similarity search", StringComparison.Ordinal) && !step.Contains("reusing", StringComparison.Ordinal)));
        Assert.Equal(["last-mbh: reusing", "per-species: reusing"], steps.Where(step => step.Contains("reusing", StringComparison.Ordinal)).Select(step => step[..step.IndexOf(" the", StringComparison.Ordinal)]));

        // Each map equals pllm map of the same files, byte for byte.
        var maps = Path.Combine(folder, "comparison", "maps");
        foreach (var (name, from, to, strategy) in new[] { ("last", humanLast, mouseLast, "greedy"), ("last-mbh", humanLast, mouseLast, "mbh"), ("layer1", humanFirst, mouseFirst, "greedy") })
        {
            var separate = Path.Combine(folder, $"{name}.csv");
            var map = CliRun.Of("map", "--from", from, "--to", to, "--strategy", strategy, "--metric", "pearson", "--names", "human,mouse", "--out", separate);
            Assert.True(map.ExitCode == 0, map.Error + map.Output);
            Assert.Equal(File.ReadAllBytes(separate), File.ReadAllBytes(Path.Combine(maps, name, "pairs.csv")));
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "last.csv")), File.ReadAllBytes(Path.Combine(maps, "per-species", "pairs", "human_mouse.csv")));
        var byName = result.Maps.ToDictionary(map => map.Name);
        Assert.All(result.Maps, map => Assert.InRange(map.SharedGenes, 100, 300));
        Assert.Equal(byName["last"].SharedGenes, byName["per-species"].SharedGenes);
        Assert.Equal(byName["last"].Evaluation.Integrated.Total, byName["per-species"].Evaluation.Integrated.Total);

        // The last layer's row equals a separate pllm run whose homology table is pllm map's output.
        var single = SmallGeneSpaceConfig(Path.Combine(folder, "last.csv"));
        var run = PllmRun.Execute(single, "in-code", Path.Combine(folder, "single"));
        var metrics = JsonNode.Parse(File.ReadAllText(run.Output.Metrics))!;
        var last = JsonNode.Parse(File.ReadAllText(result.Json))!["maps"]!.AsArray().Single(map => (string)map!["name"]! == "last")!;
        Assert.Equal((double)metrics["integrated"]!["metrics"]!["Total"]!, (double)last["scib"]!["Total"]!);
        Assert.Equal((double)metrics["integrated"]!["metrics"]!["iLISI"]!, (double)last["scib"]!["iLISI"]!);
        Assert.Equal((double)metrics["integrated"]!["metrics"]!["cLISI"]!, (double)last["scib"]!["cLISI"]!);
        Assert.Equal((double)metrics["baseline"]!["metrics"]!["Total"]!, (double)last["scib_unintegrated_pca"]!["Total"]!);
        Assert.Equal(Accuracies(metrics["integrated"]!["label_transfer"]!), Accuracies(last["knn_transfer"]!));
        Assert.Equal(Accuracies(metrics["classifier_label_transfer"]!), Accuracies(last["classifier_transfer"]!));
        Assert.Equal(SingleCellModel.ReadManifest(run.Output.Model).SharedFeatures, (int)last["shared_genes"]!);

        // The side-by-side figure is in the page (drawn as the run report draws its charts: a PNG inside the HTML).
        var html = File.ReadAllText(result.Html);
        Assert.Contains("<img alt=\"integration by gene map\" src=\"data:image/png;base64,", html, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [Theory]
    [InlineData("\"embeddings\": { \"files\": { \"human\": \"EMB\" } }", "compare.maps[0].embeddings.files", "no embeddings for mouse")]
    [InlineData("\"embeddings\": { \"files\": { \"human\": \"EMB\", \"mouse\": \"EMB\", \"pig\": \"EMB\" } }", "compare.maps[0].embeddings.files.pig", "'pig' is not among the inputs (human, mouse)")]
    [InlineData("\"embeddings\": { \"from\": \"EMB\", \"to\": \"EMB\", \"files\": { \"human\": \"EMB\", \"mouse\": \"EMB\" } }", "compare.maps[0].embeddings", "give from and to (two species) or files")]
    [InlineData("\"embeddings\": { \"files\": { \"human\": \"EMB\", \"mouse\": \"\" } }", "compare.maps[0].embeddings.files.mouse", "missing embedding file")]
    public void CompareMaps_BadEmbeddingSource_IsOneLineNamingTheConfigAndField(string source, string field, string problem)
    {
        var folder = TestPaths.NewTempFolder();
        var embeddings = Path.Combine(folder, "genes.tsv");
        File.WriteAllLines(embeddings, ["INS\t0.1\t0.2", "GCG\t0.3\t0.1"]);
        CompareMaps_BadCompareSection_IsOneLineNamingTheConfigAndField(
            $"\"compare\": {{ \"maps\": [ {{ \"name\": \"x\", {source.Replace("EMB", embeddings.Replace("\\", "/", StringComparison.Ordinal), StringComparison.Ordinal)} }} ] }}", field, problem);
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

    /// <summary>The pancreas cells in a gene space of a few hundred genes (200 variable genes, 20 components), for maps of 300 genes.</summary>
    private static RunConfiguration SmallGeneSpaceConfig(string homology)
    {
        var config = PancreasConfig(homology);
        config.VariableGenes = new VariableGenesConfiguration { TopGenes = 200 };
        config.Pca = new PcaConfiguration { Components = 20 };
        return config;
    }

    private static string Orthologs(params string[] parts) => TestPaths.Shared(["orthologs", .. parts]);

    private static List<(string, string, double)> Accuracies(JsonNode transfers) =>
        [.. transfers.AsArray().Select(t => ((string)t!["reference"]!, (string)t["query"]!, (double)t["accuracy"]!))];
}
