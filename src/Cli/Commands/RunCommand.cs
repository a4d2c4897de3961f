using System.CommandLine;
using System.Globalization;
using PllmML.Esm.Embedding;
using PllmML.Pipeline;
using PllmML.Pipeline.Configuration;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// <c>pllm run &lt;config&gt; [--out folder]</c>: the whole method from one config (<see cref="PllmRun"/>) — proteomes →
/// ESM-2 embeddings → protein/gene map → shared gene space → integration model → predictions for every cell →
/// evaluation and report — into one output folder, reusing every finished stage whose inputs and parameters did not change.
/// </summary>
internal static class RunCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var config = new Argument<string>("config") { Description = "The run config (JSON; schema in configs/README.md), e.g. configs/demo.json." };
        var output = new Option<string?>("--out") { Description = "The output folder (default: out/<config name>)." };
        var compare = new Option<string?>("--compare-integrations")
        {
            Description = "Comma-separated integration methods (harmony, scvi, scanvi) to fit on the same cells and evaluate side by side "
                + "(overrides evaluation.compareMethods of the config); the saved model stays integration.method's.",
        };
        var command = new Command("run", "Run the whole method from one config: embed, map, fit, predict, evaluate; reuse finished stages.") { config, output, compare };
        command.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(config);
            return Execute(console, path, parse.GetValue(output) ?? Path.Combine("out", Path.GetFileNameWithoutExtension(path)), parse.GetValue(compare));
        });
        return command;
    }

    /// <summary>Reads the config, runs every stage and renders the summary.</summary>
    internal static int Execute(IAnsiConsole console, string configPath, string outputFolder, string? compareIntegrations = null)
    {
        var settings = ReadConfig(configPath);
        if (compareIntegrations is not null)
        {
            var methods = compareIntegrations.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            var unknown = methods.FirstOrDefault(method => !IntegrationConfiguration.Methods.Contains(method));
            settings.Evaluation.CompareMethods = unknown is null && methods.Count > 0
                ? methods
                : throw new UsageException($"--compare-integrations {compareIntegrations}: expected a comma-separated list of {string.Join(", ", IntegrationConfiguration.Methods)}.");
        }

        var result = PllmRun.Execute(settings, Path.GetFullPath(configPath), Path.GetFullPath(outputFolder), new ConsoleObserver(console));
        Render(console, result);
        return PllmCommandLine.Success;
    }

    /// <summary>Reads a config file; a missing file is bad usage, a bad value bad data.</summary>
    internal static RunConfiguration ReadConfig(string path) =>
        File.Exists(path) ? RunConfiguration.Read(path) : throw new UsageException($"The config file {path} does not exist.");

    private static void Render(IAnsiConsole console, RunResult result)
    {
        var table = new Table().AddColumn("stage").AddColumn(new TableColumn("seconds").RightAligned()).AddColumn("reused").AddColumn("key figure");
        foreach (var stage in result.Stages)
        {
            table.AddRow(Markup.Escape(stage.Stage), stage.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture), stage.Reused ? "yes" : "no", Markup.Escape(stage.Figure));
        }

        console.Write(table);
        if (result.RandomWeights)
        {
            console.MarkupLine($"[yellow]{Markup.Escape(PllmRun.RandomWeightsNote)}[/]");
        }

        var methods = result.Stages.Any(stage => stage.Stage == "methods") ? ", methods/" : string.Empty;
        console.MarkupLine($"Wrote {Markup.Escape(result.Output.Folder)}: report.html, metrics.json, integrated.h5ad, model.zip{(result.EmbeddedProteins ? ", pairs.csv, embeddings/" : string.Empty)}{methods}, config.json, run.log.");
    }

    /// <summary>One line per stage start and end; embedding progress every 10 seconds.</summary>
    private sealed class ConsoleObserver(IAnsiConsole console) : IRunObserver
    {
        private TimeSpan _nextProgress = TimeSpan.FromSeconds(10);

        public void StageStarting(string stage)
        {
            _nextProgress = TimeSpan.FromSeconds(10);
            console.MarkupLine($"… {Markup.Escape(stage)}");
        }

        public void StageFinished(StageReport report) =>
            console.MarkupLine($"[green]✓[/] {Markup.Escape(report.Stage)}{(report.Reused ? " [grey](reused)[/]" : string.Empty)}: {Markup.Escape(report.Figure)}");

        public void Warning(string message) => console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");

        public void Embedding(EmbeddingProgress progress)
        {
            if (progress.Elapsed >= _nextProgress)
            {
                _nextProgress = progress.Elapsed + TimeSpan.FromSeconds(10);
                console.MarkupLine(Markup.Escape($"  embed: {progress.SequencesDone:N0}/{progress.SequencesTotal:N0} sequences, {progress.ResiduesPerSecond:N0} residues/s"));
            }
        }
    }
}
