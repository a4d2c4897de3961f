using System.Text.Json;
using System.Text.RegularExpressions;
using PllmML.Data;

namespace PllmML.Examples.Tests;

/// <summary>
/// docs/scanpy-seurat.md against the real output: its tested <c>pllm</c> commands run (in <see cref="GuideWorkspace"/>),
/// its Python session runs under doctest with the real anndata, and its tables name exactly the keys the files have.
/// </summary>
[Collection(SharedGuideWorkspace.Name)]
public partial class GuideTests(GuideWorkspace workspace)
{
    private static readonly string Guide = File.ReadAllText(GuideWorkspace.GuidePath);

    [Fact]
    public void TestedCommands_AreTheDemoAndPredict_AndSucceed()
    {
        Assert.Equal(["run", "predict"], workspace.Commands.Select(command => command.Command.Split(' ')[1]));
        Assert.All(workspace.Commands, command => Assert.True(command.ExitCode == 0, $"{command.Command}: {command.Error}{command.Output}"));
        Assert.True(File.Exists(workspace.PathOf("out/demo/integrated.h5ad")));
        Assert.True(File.Exists(workspace.PathOf("human_annotated.h5ad")));
    }

    [GuidePythonFact]
    public void PythonSession_MatchesTheRealOutput()
    {
        var script = Path.Combine(TestPaths.RepositoryRoot, "tests", "Examples", "Fixtures", "run_guide.py");

        var (exitCode, output, error) = PythonPeer.TryRun(script, GuideWorkspace.GuidePath, workspace.Folder);

        Assert.True(exitCode == 0, output + error);
        using var summary = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        Assert.Equal(0, summary.RootElement.GetProperty("failed").GetInt32());
        Assert.True(summary.RootElement.GetProperty("attempted").GetInt32() >= 30, output);
    }

    [Fact]
    public void IntegratedTable_NamesEveryObsAndObsmKey_OfIntegratedH5ad()
    {
        var cells = DataFiles.ReadCells(workspace.PathOf("out/demo/integrated.h5ad")).Data;
        var section = Section("## 3. What comes out", "`pllm predict --out");

        Assert.Equal(
            cells.Obs.ColumnNames.Select(key => key.StartsWith("pllm_probability_", StringComparison.Ordinal) ? "pllm_probability_<type>" : key).Distinct().Order(StringComparer.Ordinal),
            Keys(section, "obs").Order(StringComparer.Ordinal));
        Assert.Equal(cells.Obsm.Keys.Order(StringComparer.Ordinal), Keys(section, "obsm").Order(StringComparer.Ordinal));
        Assert.Contains($"| `obs[\"pllm_probability\"]` | float32 |", section, StringComparison.Ordinal);
        Assert.Equal(NumericType.Float32, Assert.IsType<NumericColumn>(cells.Obs["pllm_probability"]).StorageType);
        Assert.All(["species", "cell_type", "pllm_cell_type"], key =>
        {
            Assert.Contains($"| `obs[\"{key}\"]` | category |", section, StringComparison.Ordinal);
            Assert.IsType<CategoricalColumn>(cells.Obs[key]);
        });
    }

    [Fact]
    public void PredictParagraph_NamesEveryKeyPredictAdds()
    {
        var input = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human_mtx")).Data;
        var annotated = DataFiles.ReadCells(workspace.PathOf("human_annotated.h5ad")).Data;
        var section = Section("`pllm predict --out", "### In scanpy");
        var added = annotated.Obs.ColumnNames.Except(input.Obs.ColumnNames).ToList();

        Assert.Equal(input.CellNames, annotated.CellNames);
        Assert.Equal(input.GeneNames, annotated.GeneNames);
        Assert.Equal(["X_pllm"], Keys(section, "obsm"));
        Assert.Equal(annotated.Obsm.Keys, Keys(section, "obsm"));
        var documented = Keys(section, "obs");
        Assert.All(added, key => Assert.Contains(key.StartsWith("pllm_probability_", StringComparison.Ordinal) ? "pllm_probability_<type>" : key, documented));
        // The majority-voting keys are documented but opt-in (--majority-voting).
        Assert.Equal(documented.Count(key => key is not ("pllm_majority_voting" or "pllm_over_clustering")) - 1 + 5, added.Count);
    }

    [Fact]
    public void MetricsTable_NamesEveryFieldOfMetricsJson()
    {
        using var metrics = JsonDocument.Parse(File.ReadAllText(workspace.PathOf("out/demo/metrics.json")));
        var section = Section("## 4. metrics.json", "## 5.");

        Assert.All(metrics.RootElement.EnumerateObject(), field => Assert.Contains($"`{field.Name}", section, StringComparison.Ordinal));
        Assert.All(metrics.RootElement.GetProperty("integrated").GetProperty("metrics").EnumerateObject(),
            metric => Assert.Contains($"`{metric.Name}`", section, StringComparison.Ordinal));
        Assert.All(metrics.RootElement.GetProperty("classifier_label_transfer")[0].EnumerateObject(),
            field => Assert.Contains($"`{field.Name}", section, StringComparison.Ordinal));
    }

    [Fact]
    public void MinimalConfig_FitsOnTheBundledCells()
    {
        var json = Section("```json", "```")["```json".Length..]
            .Replace("human_counts.h5ad", TestPaths.Bundled("pancreas", "human.h5ad"), StringComparison.Ordinal)
            .Replace("mouse_10x/", TestPaths.Bundled("pancreas", "mouse_mtx"), StringComparison.Ordinal)
            .Replace("OrthG_Hs_Mm.tsv", TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv"), StringComparison.Ordinal);
        var config = workspace.PathOf("minimal.json");
        File.WriteAllText(config, json);

        var fit = GuideWorkspace.Pllm("fit", "--config", config, "--out", workspace.PathOf("minimal.zip"));

        Assert.True(fit.ExitCode == 0, fit.Error + fit.Output);
        Assert.Contains("175 human + 822 mouse cells", fit.Output, StringComparison.Ordinal);
        Assert.Contains("classifier on mouse", fit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TestedCommands_JoinContinuationLines_AndSkipOtherBlocks()
    {
        const string markdown = "```bash\npllm fit --config a.json --out m.zip\n```\n<!-- tested -->\n```bash\n"
            + "pllm predict --model m.zip \\\n  --species human   # a comment\necho done\n```\n";

        Assert.Equal(["pllm predict --model m.zip --species human"], GuideWorkspace.TestedCommands(markdown));
    }

    private static string Section(string from, string to)
    {
        var start = Guide.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"the guide has no '{from}'");
        var end = Guide.IndexOf(to, start + from.Length, StringComparison.Ordinal);
        return Guide[start..(end < 0 ? Guide.Length : end)];
    }

    /// <summary>The distinct keys written as <c>`group["key"]`</c> in a piece of the guide, in order.</summary>
    private static List<string> Keys(string text, string group) =>
        [.. Regex.Matches(text, $@"`{group}\[""([^""]+)""\]`").Select(match => match.Groups[1].Value).Distinct()];
}
