using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML;
using PllmML.Data;
using PllmML.Data.Embeddings;
using PllmML.Data.Orthologs;
using PllmML.Trainers.SingleCell;

namespace PllmML.Cli.Tests;

public class RunCommandTests(RunCommandTests.DemoRun demo) : IClassFixture<RunCommandTests.DemoRun>
{
    private static readonly string[] Stages = ["embed", "map", "fit", "predict", "evaluate"];

    [Fact]
    public void Demo_RunsEveryStage_AndWritesReadableArtifacts()
    {
        Assert.True(demo.First.ExitCode == 0, demo.First.Error + demo.First.Output);
        Assert.All(Stages, stage => Assert.Equal("no", ReusedColumn(demo.First.Output, stage)));
        CheckArtifacts(demo.Output);
    }

    [AnndataFact]
    public void Demo_IntegratedH5ad_ReadsInAnndata()
    {
        Assert.True(demo.First.ExitCode == 0, demo.First.Error);
        var path = Path.Combine(demo.Output, "integrated.h5ad");
        var ours = DataFiles.ReadCells(path).Data;

        using var peer = JsonDocument.Parse(PythonPeer.Run(Path.Combine(TestPaths.RepositoryRoot, "tests", "Cli", "Fixtures", "read_integrated.py"), path));

        var root = peer.RootElement;
        Assert.Equal([ours.CellCount, ours.GeneCount], root.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(ours.Obs.ColumnNames, root.GetProperty("obs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(
            ["species", "cell_type", "pllm_cell_type", "pllm_best_cell_type", "pllm_prediction_set", "pllm_runner_up", "pllm_confidence", "pllm_call_status", "pllm_mapping_distance"],
            ours.Obs.ColumnNames.Take(9));
        Assert.Equal([662, 50], root.GetProperty("obsm").GetProperty("X_pllm").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(175, root.GetProperty("species").GetProperty("human").GetInt32());
        Assert.Equal(ours.X.Sum(), root.GetProperty("x_sum").GetDouble(), 0);
        Assert.Equal(ours.Obsm["X_pllm"].Row(0)[0], root.GetProperty("first_x_pllm").GetDouble(), 5);
    }

    [Fact]
    public void Rerun_ReusesEveryStage_AndAChangedParameterRerunsFromItsStage()
    {
        Assert.True(demo.First.ExitCode == 0, demo.First.Error);
        var folder = TestPaths.NewTempFolder();
        var output = Path.Combine(folder, "out");
        CopyFolder(demo.Output, output);
        var modelWritten = File.GetLastWriteTimeUtc(Path.Combine(output, "model.zip"));

        var second = CliRun.Of("run", demo.Config, "--out", output);

        Assert.True(second.ExitCode == 0, second.Error + second.Output);
        Assert.All(Stages, stage => Assert.Equal("yes", ReusedColumn(second.Output, stage)));
        Assert.Equal(modelWritten, File.GetLastWriteTimeUtc(Path.Combine(output, "model.zip")));

        var changed = DemoConfig(folder, "demo-theta.json", text => text.Replace("\"theta\": 2", "\"theta\": 1", StringComparison.Ordinal));
        var third = CliRun.Of("run", changed, "--out", output);

        Assert.True(third.ExitCode == 0, third.Error + third.Output);
        Assert.Equal(["yes", "yes", "no", "no"], Stages[..4].Select(stage => ReusedColumn(third.Output, stage)));
        Assert.Contains("theta\": 1", File.ReadAllText(Path.Combine(output, "config.json")), StringComparison.Ordinal);
        Assert.Contains("fit: running", File.ReadAllText(Path.Combine(output, "run.log")), StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void GenesFromTheEmbeddingMap_BecomeTheSharedGeneSpace()
    {
        var folder = TestPaths.NewTempFolder();
        var expected = WriteOrthologProteins(folder, 300);
        var config = Path.Combine(folder, "map-genes.json");
        File.WriteAllText(config, $$"""
            {
              "inputs": [
                { "path": "{{TestPaths.Bundled("pancreas", "human.h5ad")}}", "species": "human", "labelKey": "cell_type" },
                { "path": "{{TestPaths.Bundled("pancreas", "mouse.h5ad")}}", "species": "mouse", "labelKey": "cell_type" }
              ],
              "homology": { "source": "map", "referenceSpecies": "human" },
              "trainSpecies": [ "mouse" ],
              "variableGenes": { "topGenes": 200 },
              "pca": { "components": 20 },
              "proteins": { "fasta": [ { "path": "human.fa", "species": "human" }, { "path": "mouse.fa", "species": "mouse" } ], "level": "gene" },
              "esm": { "model": "{{TestPaths.Bundled("esm2", "tiny", "hf")}}", "randomWeights": true },
              "evaluation": { "pictures": false }
            }
            """);

        var run = CliRun.Of("run", config, "--out", Path.Combine(folder, "out"));

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var pairs = OrthologTableReader.Read(Path.Combine(folder, "out", "pairs.csv")).Pairs.Pairs;
        Assert.Equal(expected.Count, pairs.Count);
        Assert.All(pairs, pair => Assert.Equal(expected[pair.GeneA], pair.GeneB));
        var manifest = SingleCellModel.ReadManifest(Path.Combine(folder, "out", "model.zip"));
        Assert.Equal("pairs.csv", manifest.HomologySource);
        Assert.Equal(expected.Count, manifest.SharedFeatures);
        var cells = DataFiles.ReadCells(Path.Combine(folder, "out", "integrated.h5ad")).Data;
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), cells.GeneNames.Order(StringComparer.Ordinal));
        Directory.Delete(folder, true);
    }

    [Fact]
    public void EvaluationLabelKey_OtherThanCellType_NamesTheLabelColumnOfTheIntegratedCells()
    {
        var folder = TestPaths.NewTempFolder();
        var config = Path.Combine(folder, "annotation.json");
        File.WriteAllText(config, $$"""
            {
              "inputs": [
                { "path": "{{TestPaths.Bundled("pancreas", "human.h5ad")}}", "species": "human", "labelKey": "cell_type" },
                { "path": "{{TestPaths.Bundled("pancreas", "mouse.h5ad")}}", "species": "mouse", "labelKey": "cell_type" }
              ],
              "homology": { "path": "{{TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv")}}", "referenceSpecies": "human" },
              "trainSpecies": [ "mouse" ],
              "keepLabels": [ "alpha", "beta", "delta", "macrophage", "stellate" ],
              "evaluation": { "labelKey": "annotation", "pictures": false }
            }
            """);

        var run = CliRun.Of("run", config, "--out", Path.Combine(folder, "out"));

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var cells = DataFiles.ReadCells(Path.Combine(folder, "out", "integrated.h5ad")).Data;
        Assert.False(cells.Obs.TryGetColumn("cell_type", out _));
        var human = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human.h5ad")).Data;
        var truth = human.Obs["cell_type"];
        var rowOf = Enumerable.Range(0, cells.CellCount).ToDictionary(row => cells.CellNames[row], StringComparer.Ordinal);
        var kept = Enumerable.Range(0, human.CellCount).Where(cell => rowOf.ContainsKey($"human:{human.CellNames[cell]}")).ToList();
        Assert.Equal(175, kept.Count);
        Assert.All(kept, cell => Assert.Equal(truth.FormatValue(cell), cells.Obs["annotation"].FormatValue(rowOf[$"human:{human.CellNames[cell]}"])));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "out", "metrics.json")));
        var classifier = Assert.Single(metrics.RootElement.GetProperty("classifier_label_transfer").EnumerateArray());
        Assert.Equal(HumanAccuracy(cells, "annotation"), classifier.GetProperty("accuracy").GetDouble(), 12);
        Directory.Delete(folder, true);
    }

    [Theory]
    [InlineData("\"strategy\": \"greedy\"", "\"strategy\": \"best\"", "mapping.strategy")]
    [InlineData("\"topK\": 10", "\"topK\": 0", "mapping.topK")]
    [InlineData("../data/pancreas/human.h5ad", "../data/pancreas/nothere.h5ad", "inputs[0].path")]
    [InlineData("\"level\": \"protein\"", "\"level\": \"protein\", \"colour\": 1", "colour")]
    [InlineData("\"seed\": 0", "\"seed\": \"zero\"", "seed")]
    [InlineData("\"source\": \"table\"", "\"source\": \"ensembl\"", "homology.source")]
    [InlineData("\"species\": \"mouse\" }\n", "\"species\": \"rat\" }\n", "proteins.fasta[1].species")]
    [InlineData("\"path\": \"../data/pancreas/human.h5ad\"", "\"path\": null", "inputs[0].path")]
    [InlineData("\"source\": \"table\" },", "\"source\": \"table\" }, \"normalization\": null,", "normalization")]
    [InlineData("\"theta\": 2", "\"theta\": -1", "harmony.theta")]
    [InlineData("\"components\": 50", "\"components\": 0", "pca.components")]
    [InlineData("\"seed\": 0", "\"seed\": 0, \"integration\": { \"method\": \"umap\" }", "integration.method")]
    [InlineData("\"seed\": 0", "\"seed\": 0, \"integration\": { \"method\": \"scvi\", \"scvi\": { \"nLatent\": 0 } }", "integration.scvi.nLatent")]
    [InlineData("\"seed\": 0", "\"seed\": 0, \"integration\": { \"method\": \"scvi\", \"scvi\": { \"adversarialClassifier\": true, \"adversarialScale\": -1 } }", "integration.scvi.adversarialScale")]
    [InlineData("\"seed\": 0", "\"seed\": 0, \"integration\": { \"method\": \"scanvi\", \"scanvi\": { \"samplesPerLabel\": 0 } }", "integration.scanvi.samplesPerLabel")]
    [InlineData("\"trainSpecies\": [ \"mouse\" ]", "\"trainSpecies\": [ \"rat\" ]", "trainSpecies[0]")]
    [InlineData("\"keepLabels\": [ \"alpha\",", "\"keepLabels\": [ null,", "keepLabels[0]")]
    [InlineData("\"referenceSpecies\": \"human\"", "\"referenceSpecies\": \"pig\"", "homology.referenceSpecies")]
    [InlineData("\"minimumGeneOverlap\": 0.5", "\"minimumGeneOverlap\": 2", "minimumGeneOverlap")]
    [InlineData("\"path\": \"../data/pancreas/human.h5ad\"", "\"path\": \"../data/pancreas/human.h5ad\", \"kind\": \"tpm\"", "inputs[0].kind")]
    [InlineData("\"labelKey\": \"cell_type\", \"pictures\"", "\"labelKey\": null, \"pictures\"", "evaluation.labelKey")]
    [InlineData("\"labelKey\": \"cell_type\", \"pictures\"", "\"labelKey\": \"cell_type\", \"device\": \"tpu\", \"pictures\"", "evaluation.device")]
    [InlineData("\"maxTokens\": 4096", "\"maxTokens\": 2", "esm.maxTokens")]
    public void BadConfig_IsBadDataInOneLineNamingFileAndField(string find, string replace, string field)
    {
        var folder = TestPaths.NewTempFolder();
        var config = DemoConfig(folder, "bad.json", text =>
        {
            Assert.Contains(find, text, StringComparison.Ordinal);
            return text.Replace(find, replace, StringComparison.Ordinal);
        });

        var run = CliRun.Of("run", config, "--out", Path.Combine(folder, "out"));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(config, line, StringComparison.Ordinal);
        Assert.Contains(field, line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "out", "model.zip")));
        Directory.Delete(folder, true);
    }

    [Fact]
    public void MissingConfig_IsBadUsage()
    {
        var run = CliRun.Of("run", "/nonexistent/config.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/nonexistent/config.json does not exist", run.Error, StringComparison.Ordinal);
    }

    private static void CheckArtifacts(string output)
    {
        var human = EmbeddingFiles.Read(Path.Combine(output, "embeddings", "human.tsv"));
        var mouse = EmbeddingFiles.Read(Path.Combine(output, "embeddings", "mouse.tsv"));
        Assert.Equal((198, 186, 64), (human.Count, mouse.Count, human.Width));
        Assert.All(human.Ids, id => Assert.StartsWith("ENSP0", id, StringComparison.Ordinal));

        var pairs = OrthologTableReader.Read(Path.Combine(output, "pairs.csv")).Pairs.Pairs;
        Assert.InRange(pairs.Count, 100, 186);
        Assert.Equal(pairs.Count, pairs.Select(pair => pair.GeneA).Distinct().Count());

        var model = SingleCellModel.Load(new MLContext(0), Path.Combine(output, "model.zip"));
        Assert.Equal(["mouse"], model.Manifest.TrainSpecies);

        var cells = DataFiles.ReadCells(Path.Combine(output, "integrated.h5ad")).Data;
        Assert.Equal(662, cells.CellCount);
        Assert.Equal((662, 50), (cells.Obsm["X_pllm"].RowCount, cells.Obsm["X_pllm"].ColumnCount));
        Assert.Equal((662, 50), (cells.Obsm["X_pca"].RowCount, cells.Obsm["X_pca"].ColumnCount));
        CheckHumanCells(cells, model);

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        var integrated = metrics.RootElement.GetProperty("integrated");
        Assert.Equal(JsonValueKind.Object, integrated.ValueKind);
        Assert.Equal(JsonValueKind.Object, metrics.RootElement.GetProperty("baseline").ValueKind);
        var agreement = metrics.RootElement.GetProperty("gene_map").GetProperty("agreement").GetDouble();
        Assert.Equal(SameFamilyFraction(pairs), agreement, 12);
        var classifier = Assert.Single(metrics.RootElement.GetProperty("classifier_label_transfer").EnumerateArray());
        Assert.Equal("human", classifier.GetProperty("query").GetString());
        Assert.Equal(HumanAccuracy(cells), classifier.GetProperty("accuracy").GetDouble(), 12);

        var report = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("RANDOM", report, StringComparison.Ordinal);
        Assert.Contains("esm2_t33_650M_UR50D", report, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64", report, StringComparison.Ordinal);
        // The human cells carry calls: the report scores them, with the reliability diagram and its ECE.
        Assert.Contains("<h2>Annotation calls: unknown types and confidence</h2>", report, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"reliability diagram\"", report, StringComparison.Ordinal);
        var ece = metrics.RootElement.GetProperty("abstention").GetProperty("expected_calibration_error").GetDouble();
        Assert.Contains(FormattableString.Invariant($"(ECE {ece:F3})"), report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "config.json")));
        Assert.True(File.Exists(Path.Combine(output, "run.log")));
    }

    /// <summary>The fraction of human cells whose predicted type is their annotated type, counted from the h5ad.</summary>
    private static double HumanAccuracy(CellMatrix cells, string labelKey = "cell_type")
    {
        var human = Enumerable.Range(0, cells.CellCount).Where(c => cells.Obs["species"].FormatValue(c) == "human").ToArray();
        var right = human.Count(c => cells.Obs["pllm_best_cell_type"].FormatValue(c) == cells.Obs[labelKey].FormatValue(c));
        return (double)right / human.Length;
    }

    /// <summary>The human (held-out) cells of the h5ad match a fresh prediction with the saved model, and mostly their labels.</summary>
    private static void CheckHumanCells(CellMatrix integrated, SingleCellModel model)
    {
        var human = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human.h5ad")).Data;
        var predictions = model.Predict("human", human);
        var species = integrated.Obs["species"];
        var rows = Enumerable.Range(0, integrated.CellCount).Where(cell => species.FormatValue(cell) == "human").ToArray();
        Assert.Equal(human.CellCount, rows.Length);
        var predicted = integrated.Obs["pllm_best_cell_type"];
        var truth = integrated.Obs["cell_type"];
        for (var i = 0; i < rows.Length; i++)
        {
            // The same calls as pllm predict: the call, the most probable type, the set, the distance.
            Assert.Equal($"human:{human.CellNames[i]}", integrated.CellNames[rows[i]]);
            Assert.Equal(predictions.Labels[i], predicted.FormatValue(rows[i]));
            Assert.Equal(predictions.CellTypes[i], integrated.Obs["pllm_cell_type"].FormatValue(rows[i]));
            Assert.Equal(string.Join('|', predictions.PredictionSets[i]), integrated.Obs["pllm_prediction_set"].FormatValue(rows[i]));
            Assert.Equal(predictions.CallStatus[i], integrated.Obs["pllm_call_status"].FormatValue(rows[i]));
            Assert.Equal(predictions.MappingDistances[i], ((NumericColumn)integrated.Obs["pllm_mapping_distance"]).Values[rows[i]], 4);
            Assert.Equal(predictions.Embedding[i * 50], integrated.Obsm["X_pllm"].Row(rows[i])[0], 4);
        }

        var correct = rows.Count(row => predicted.FormatValue(row) == truth.FormatValue(row));
        Assert.True(correct > 0.8 * rows.Length, $"{correct} of {rows.Length} human cells predicted right");
    }

    /// <summary>The fraction of pairs whose proteins share a RefOG, read straight from the FASTA headers.</summary>
    private static double SameFamilyFraction(IReadOnlyList<GenePair> pairs)
    {
        var family = File.ReadLines(TestPaths.Bundled("proteins", "human_mouse_refog_proteins.fa"))
            .Where(line => line.StartsWith('>'))
            .Select(line => line[1..].Split(' '))
            .ToDictionary(fields => fields[0], fields => fields.Single(field => field.StartsWith("refog=", StringComparison.Ordinal)));
        return (double)pairs.Count(pair => family[pair.GeneA] == family[pair.GeneB]) / pairs.Count;
    }

    /// <summary>
    /// Writes Ensembl-style FASTA files in which the human gene and its same-named mouse gene (INS, Ins) share one
    /// random protein sequence, for the <paramref name="count"/> human genes detected in most cells: an identical
    /// sequence gives an identical embedding, so the map must pair exactly these genes.
    /// </summary>
    /// <summary>
    /// Writes human.fa and mouse.fa: one random 40-residue protein per human–mouse gene pair of the pancreas cells (the
    /// <paramref name="count"/> most detected), the mouse copy with each residue redrawn at <paramref name="mouseMutationRate"/>.
    /// </summary>
    internal static Dictionary<string, string> WriteOrthologProteins(string folder, int count, double mouseMutationRate = 0)
    {
        var human = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human.h5ad")).Data;
        var mouseGenes = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "mouse.h5ad")).Data.GeneNames.ToHashSet(StringComparer.Ordinal);
        var detected = human.X.ColumnNonZeroCounts();
        var pairs = Enumerable.Range(0, human.GeneCount)
            .Select(gene => (Human: human.GeneNames[gene], Mouse: human.GeneNames[gene][..1] + human.GeneNames[gene][1..].ToLowerInvariant(), Cells: detected[gene]))
            .Where(pair => mouseGenes.Contains(pair.Mouse))
            .OrderByDescending(pair => pair.Cells).ThenBy(pair => pair.Human, StringComparer.Ordinal)
            .Take(count).ToList();
        var random = new Random(7);
        const string aminoAcids = "ACDEFGHIKLMNPQRSTVWY";
        var sequences = pairs.Select(_ => new string([.. Enumerable.Range(0, 40).Select(_ => aminoAcids[random.Next(aminoAcids.Length)])])).ToList();
        File.WriteAllLines(Path.Combine(folder, "human.fa"), pairs.SelectMany((pair, i) => new[] { $">HP{i} pep gene:HG{i} gene_symbol:{pair.Human}", sequences[i] }));
        var mutations = new Random(11);
        var mouseSequences = sequences.Select(sequence => mouseMutationRate <= 0 ? sequence
            : new string([.. sequence.Select(residue => mutations.NextDouble() < mouseMutationRate ? aminoAcids[mutations.Next(aminoAcids.Length)] : residue)])).ToList();
        File.WriteAllLines(Path.Combine(folder, "mouse.fa"), pairs.SelectMany((pair, i) => new[] { $">MP{i} pep gene:MG{i} gene_symbol:{pair.Mouse}", mouseSequences[i] }));
        return pairs.ToDictionary(pair => pair.Human, pair => pair.Mouse, StringComparer.Ordinal);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(file));
        }
    }

    private static string DemoConfig(string folder, string name, Func<string, string> edit)
    {
        var data = TestPaths.Bundled() + Path.DirectorySeparatorChar;
        var text = edit(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "configs", "demo.json")));
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text.Replace("../data/", data, StringComparison.Ordinal));
        return path;
    }

    /// <summary>The "reused" cell of a stage's row in the summary table.</summary>
    private static string ReusedColumn(string output, string stage)
    {
        var match = Regex.Match(output, $@"│ {stage} +│ +[0-9.]+ │ (yes|no) +│");
        Assert.True(match.Success, $"no summary row for {stage} in:\n{output}");
        return match.Groups[1].Value;
    }

    /// <summary>The demo, run once for the whole class into a temp folder (about 20 s on 2 cores).</summary>
    public sealed class DemoRun : IDisposable
    {
        public DemoRun()
        {
            Folder = TestPaths.NewTempFolder();
            Config = DemoConfig(Folder, "demo.json", text => text);
            Output = Path.Combine(Folder, "out");
            First = CliRun.Of("run", Config, "--out", Output);
        }

        public string Folder { get; }

        public string Config { get; }

        public string Output { get; }

        internal CliRun First { get; }

        public void Dispose() => Directory.Delete(Folder, true);
    }
}
