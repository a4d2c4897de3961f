using System.CommandLine;
using System.Globalization;
using PllmML.Pipeline;
using PllmML.Pipeline.Configuration;
using PllmML.Pipeline.Species;
using PllmML.Trainers.SingleCell;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// <c>pllm fit</c>: fits the whole single-cell chain (shared genes → log-normalisation → Seurat v3 genes → scaling →
/// PCA → Harmony, or a scVI / scANVI network with <c>--integration</c> → cell-type classifier) and saves it as one ML.NET
/// model zip.
/// </summary>
internal static class FitCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var config = new Option<string?>("--config") { Description = "A JSON fit config (see configs/README.md); replaces the other options." };
        var inputs = new Option<string[]>("--input")
        {
            Description = "Cells as <h5ad|10x folder>=<species>; give one per species (at least two).",
            AllowMultipleArgumentsPerToken = false,
        };
        var homology = new Option<string[]>("--homology")
        {
            Description = "Ortholog/homology table between the species (any layout pllm inspect reads). For three or more species repeat it as "
                + "<species>=<table> (one per non-reference species; a table may also link two non-reference species), or give one multi-species table.",
            AllowMultipleArgumentsPerToken = false,
        };
        var cycles = new Option<string?>("--cycles") { Description = "With three or more species: write the cycle consistency of the one-to-one maps per gene to this CSV." };
        var labelKey = new Option<string?>("--label-key") { Description = "The obs column with cell-type labels (e.g. cell_type)." };
        var counts = new Option<string?>("--counts") { Description = "Where every input's raw counts are: X (default), raw, or a layer name such as counts." };
        var trainSpecies = new Option<string[]>("--train-species") { Description = "Species whose labels train the classifier (default: every input with labels)." };
        var keepLabels = new Option<string?>("--keep-labels") { Description = "Comma-separated cell types: keep only cells with these labels (e.g. the types all species share)." };
        var strategy = new Option<string>("--strategy") { Description = "one-to-one (default) or many-to-many (sum of homologs).", DefaultValueFactory = _ => "one-to-one" };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => 0 };
        var coverage = new Option<double?>("--coverage")
        {
            Description = "Coverage level of the prediction sets and the unknown-type tests, stored in the model (default 0.95; 0: no calibration); overrides the config's.",
        };
        var integration = new Option<string?>("--integration")
        {
            Description = "harmony (default), scvi or scanvi: the method of the joint space (overrides integration.method of --config).",
        };
        var output = new Option<string>("--out") { Description = "The model zip to write.", Required = true };
        var command = new Command("fit", "Fit the cross-species integration chain and cell-type classifier; save one model zip.")
        {
            config, inputs, homology, labelKey, counts, trainSpecies, keepLabels, strategy, seed, coverage, integration, output, cycles,
        };
        command.SetAction(parse =>
        {
            var settings = parse.GetValue(config) is { } configPath
                ? RunCommand.ReadConfig(configPath)
                : FromFlags(parse.GetValue(inputs) ?? [], parse.GetValue(homology), parse.GetValue(labelKey), parse.GetValue(counts), parse.GetValue(trainSpecies),
                    parse.GetValue(keepLabels), parse.GetRequiredValue(strategy), parse.GetValue(seed));
            if (parse.GetValue(coverage) is { } level)
            {
                if (level is not (0 or (> 0 and < 1)))
                {
                    throw new UsageException($"--coverage {level}: must lie strictly between 0 and 1 (or be 0 for no calibration).");
                }

                settings.Coverage = level;
            }

            if (parse.GetValue(integration) is { } method)
            {
                if (!IntegrationConfiguration.Methods.Contains(method))
                {
                    throw new UsageException($"--integration {method}: expected {string.Join(", ", IntegrationConfiguration.Methods)}.");
                }

                settings.Integration.Method = method;
            }

            return Run(console, settings, parse.GetRequiredValue(output), parse.GetValue(cycles));
        });
        return command;
    }

    private static RunConfiguration FromFlags(string[] inputs, string[]? homology, string? labelKey, string? counts, string[]? trainSpecies, string? keepLabels, string strategy, int seed)
    {
        if (inputs.Length < 2)
        {
            throw new UsageException("Give at least two --input <file>=<species> options (or --config).");
        }

        if (homology is not { Length: > 0 })
        {
            throw new UsageException("Give --homology <table> (or --config).");
        }

        var tables = homology.Select(ParseTable).ToList();

        return new RunConfiguration
        {
            Inputs = [.. inputs.Select(input =>
            {
                var at = input.LastIndexOf('=');
                if (at <= 0 || at == input.Length - 1)
                {
                    throw new UsageException($"--input {input}: expected <file>=<species>.");
                }

                return new InputConfiguration { Path = input[..at], Species = input[(at + 1)..], LabelKey = labelKey, Counts = counts };
            })],
            Homology = new HomologyConfiguration
            {
                Path = tables.Count == 1 && tables[0].Species is null ? tables[0].Path : string.Empty,
                Tables = tables.Count == 1 && tables[0].Species is null ? null : tables,
                Strategy = strategy switch
                {
                    "one-to-one" => Transforms.SingleCell.HomologyStrategy.OneToOne,
                    "many-to-many" => Transforms.SingleCell.HomologyStrategy.ManyToManySum,
                    _ => throw new UsageException($"--strategy {strategy}: expected one-to-one or many-to-many."),
                },
            },
            TrainSpecies = trainSpecies is { Length: > 0 } ? [.. trainSpecies] : null,
            KeepLabels = keepLabels?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            Seed = seed,
        };
    }

    /// <summary><c>--homology table.csv</c> or <c>--homology pig=table.csv</c> (a value that is an existing file is a table, whatever it holds); <c>pllm markers</c> takes the same.</summary>
    internal static HomologyTableConfiguration ParseTable(string value)
    {
        var at = value.IndexOf('=', StringComparison.Ordinal);
        if (File.Exists(value) || at < 0)
        {
            return new HomologyTableConfiguration { Path = value };
        }

        if (at == 0 || at == value.Length - 1)
        {
            throw new UsageException($"--homology {value}: expected <table> or <species>=<table>.");
        }

        return new HomologyTableConfiguration { Species = value[..at], Path = value[(at + 1)..] };
    }

    private static int Run(IAnsiConsole console, RunConfiguration config, string output, string? cyclesPath)
    {
        CycleConsistency? cycles = null;
        var model = Progress.Run(console, "Fitting", () => IntegrationFit.Fit(config, config.Homology.AllTables(),
            warning => console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}"), cycles: result => cycles = result));
        Progress.Run(console, $"Writing {output}", () =>
        {
            model.Save(output);
            return 0;
        });
        Report(console, model, output);
        if (cycles is not null)
        {
            console.MarkupLine(Markup.Escape(cycles.Summary() + "."));
            if (cyclesPath is not null)
            {
                File.WriteAllText(cyclesPath, cycles.ToCsv());
                console.MarkupLine($"Wrote {Markup.Escape(cyclesPath)}: one row per gene.");
            }
        }

        return PllmCommandLine.Success;
    }

    private static void Report(IAnsiConsole console, SingleCellModel model, string output)
    {
        var table = new Table().AddColumn("stage").AddColumn(new TableColumn("seconds").RightAligned()).AddColumn("summary");
        foreach (var timing in model.Timings)
        {
            table.AddRow(Markup.Escape(timing.Stage), timing.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture), Markup.Escape(timing.Summary));
        }

        console.Write(table);
        var manifest = model.Manifest;
        console.MarkupLine(Markup.Escape(
            $"Wrote {output}: {string.Join(" + ", manifest.Species.Select(s => $"{s.Cells} {s.Name}"))} cells, {manifest.SharedFeatures} shared genes "
            + $"({manifest.HomologyStrategy}, {manifest.HomologySource}), {manifest.EmbeddingDimensions}-dimensional embedding, "
            + $"classifier on {string.Join(", ", manifest.TrainSpecies)}: {string.Join(", ", manifest.Labels)}"
            + (model.IsCalibrated ? $"; calibrated at coverage {manifest.Coverage.ToString("0.###", CultureInfo.InvariantCulture)}." : "; no calibration (coverage 0).")));
    }
}
