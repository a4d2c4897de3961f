using System.CommandLine;
using PllmML.Data;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// <c>pllm run &lt;config&gt; [--out folder]</c>: the whole method from one config — proteomes → ESM-2 embeddings →
/// protein/gene map → shared gene space → integration model → predictions for every cell → evaluation and report —
/// into one output folder, reusing every finished stage whose inputs and parameters did not change.
/// </summary>
internal static class RunCommand
{
    private static readonly string[] Strategies = ["mbh", "greedy", "stable", "many"];

    public static Command Create(IAnsiConsole console)
    {
        var config = new Argument<string>("config") { Description = "The run config (JSON; schema in configs/README.md), e.g. configs/demo.json." };
        var output = new Option<string?>("--out") { Description = "The output folder (default: out/<config name>)." };
        var command = new Command("run", "Run the whole method from one config: embed, map, fit, predict, evaluate; reuse finished stages.") { config, output };
        command.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(config);
            var settings = FitConfig.Read(path);
            Validate(settings, path);
            var folder = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine("out", Path.GetFileNameWithoutExtension(path)));
            return new RunPipeline(console, settings, Path.GetFullPath(path), folder).Run();
        });
        return command;
    }

    /// <summary>Checks the config before any stage runs; every problem names the file and the field.</summary>
    internal static void Validate(FitConfig config, string path)
    {
        void Check(bool ok, string field, string problem)
        {
            if (!ok)
            {
                throw new DataFormatException(path, field, problem);
            }
        }

        Check(config.Inputs.Count >= 2, "inputs", "the integration needs at least two inputs (species)");
        for (var i = 0; i < config.Inputs.Count; i++)
        {
            var input = config.Inputs[i];
            Check(File.Exists(input.Path) || Directory.Exists(input.Path), $"inputs[{i}].path", $"{input.Path} does not exist");
            Check(!string.IsNullOrWhiteSpace(input.Species), $"inputs[{i}].species", "missing species name");
        }

        Check(config.Inputs.Select(input => input.Species).Distinct().Count() == config.Inputs.Count, "inputs", "a species appears twice");
        Check(config.Homology.Source is "table" or "map", "homology.source", $"'{config.Homology.Source}': expected table or map");
        if (config.Homology.Source == "table")
        {
            Check(File.Exists(config.Homology.Path), "homology.path", config.Homology.Path.Length == 0 ? "missing ortholog table" : $"{config.Homology.Path} does not exist");
        }
        else
        {
            Check(config.Proteins is { Level: "gene" }, "homology.source", "'map' needs a proteins section at level gene (the map's gene symbols become the shared genes)");
        }

        Check(config.Evaluation.LabelKey.Length > 0, "evaluation.labelKey", "empty");
        if (config.Proteins is not { } proteins)
        {
            return;
        }

        for (var i = 0; i < proteins.Fasta.Count; i++)
        {
            Check(File.Exists(proteins.Fasta[i].Path), $"proteins.fasta[{i}].path", $"{proteins.Fasta[i].Path} does not exist");
            Check(!string.IsNullOrWhiteSpace(proteins.Fasta[i].Species), $"proteins.fasta[{i}].species", "missing species name");
        }

        Check(proteins.Fasta.Select(fasta => fasta.Species).Distinct().Count() == 2, "proteins.fasta", "the map needs proteins of exactly two species");
        Check(proteins.Level is "gene" or "protein", "proteins.level", $"'{proteins.Level}': expected gene or protein");
        Check(proteins.Pool is "mean" or "max", "proteins.pool", $"'{proteins.Pool}': expected mean or max");
        Check(config.Esm.Model.Length > 0, "esm.model", "missing checkpoint path or published model name");
        Check(config.Esm.MaxTokens >= 3, "esm.maxTokens", $"{config.Esm.MaxTokens}: a batch needs room for at least one sequence (≥ 3 tokens)");
        Check(Strategies.Contains(config.Mapping.Strategy), "mapping.strategy", $"'{config.Mapping.Strategy}': expected {string.Join(", ", Strategies)}");
        Check(config.Mapping.Metric is "pearson" or "cosine", "mapping.metric", $"'{config.Mapping.Metric}': expected pearson or cosine");
        Check(config.Mapping.TopK >= 1, "mapping.topK", $"{config.Mapping.TopK}: must be at least 1");
    }
}
