using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Trainers.Integration;
using PllmML.Trainers.SingleCell;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// <c>pllm fit</c>: fits the whole single-cell chain (shared genes → log-normalisation → Seurat v3 genes → scaling →
/// PCA → Harmony → cell-type classifier) and saves it as one ML.NET model zip.
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
        var homology = new Option<string?>("--homology") { Description = "Ortholog/homology table between the species (any layout pllm inspect reads)." };
        var labelKey = new Option<string?>("--label-key") { Description = "The obs column with cell-type labels (e.g. cell_type)." };
        var counts = new Option<string?>("--counts") { Description = "Where every input's raw counts are: X (default), raw, or a layer name such as counts." };
        var trainSpecies = new Option<string[]>("--train-species") { Description = "Species whose labels train the classifier (default: every input with labels)." };
        var keepLabels = new Option<string?>("--keep-labels") { Description = "Comma-separated cell types: keep only cells with these labels (e.g. the types all species share)." };
        var strategy = new Option<string>("--strategy") { Description = "one-to-one (default) or many-to-many (sum of homologs).", DefaultValueFactory = _ => "one-to-one" };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "The model zip to write.", Required = true };
        var command = new Command("fit", "Fit the cross-species integration chain and cell-type classifier; save one model zip.")
        {
            config, inputs, homology, labelKey, counts, trainSpecies, keepLabels, strategy, seed, output,
        };
        command.SetAction(parse =>
        {
            var settings = parse.GetValue(config) is { } configPath
                ? FitConfig.Read(configPath)
                : FromFlags(parse.GetValue(inputs) ?? [], parse.GetValue(homology), parse.GetValue(labelKey), parse.GetValue(counts), parse.GetValue(trainSpecies),
                    parse.GetValue(keepLabels), parse.GetRequiredValue(strategy), parse.GetValue(seed));
            return Run(console, settings, parse.GetRequiredValue(output));
        });
        return command;
    }

    private static FitConfig FromFlags(string[] inputs, string? homology, string? labelKey, string? counts, string[]? trainSpecies, string? keepLabels, string strategy, int seed)
    {
        if (inputs.Length < 2)
        {
            throw new UsageException("Give at least two --input <file>=<species> options (or --config).");
        }

        if (homology is null)
        {
            throw new UsageException("Give --homology <table> (or --config).");
        }

        return new FitConfig
        {
            Inputs = [.. inputs.Select(input =>
            {
                var at = input.LastIndexOf('=');
                if (at <= 0 || at == input.Length - 1)
                {
                    throw new UsageException($"--input {input}: expected <file>=<species>.");
                }

                return new FitConfig.InputConfig { Path = input[..at], Species = input[(at + 1)..], LabelKey = labelKey, Counts = counts };
            })],
            Homology = new FitConfig.HomologyConfig
            {
                Path = homology,
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

    private static int Run(IAnsiConsole console, FitConfig config, string output)
    {
        if (config.Inputs.Count < 2)
        {
            throw new UsageException("The integration needs at least two inputs (species).");
        }

        var warnings = new List<string>();
        var inputs = config.Inputs.Select(input => Progress.Run(console, $"Reading {input.Path}", () => Read(input, config.KeepLabels, warnings.Add))).ToList();
        warnings.ForEach(warning => console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}"));
        var reference = config.Homology.ReferenceSpecies ?? inputs[0].Species;
        var table = Progress.Run(console, $"Reading {config.Homology.Path}", () => OrthologTableReader.Read(config.Homology.Path));
        var pairs = PairsBySpecies(table.Pairs, reference, inputs, config.Homology.Path);
        var options = Options(config, reference);
        var mlContext = new MLContext(config.Seed);
        var model = Progress.Run(console, "Fitting", () => SingleCellPipeline.Fit(mlContext, inputs, pairs, options));
        Progress.Run(console, $"Writing {output}", () =>
        {
            model.Save(output);
            return 0;
        });
        Report(console, model, output);
        return PllmCommandLine.Success;
    }

    internal static SpeciesData Read(FitConfig.InputConfig input, List<string>? keepLabels, Action<string> warn)
    {
        if (string.IsNullOrWhiteSpace(input.Species))
        {
            throw new UsageException($"The input {input.Path} has no species name.");
        }

        var file = DataFiles.ReadCells(input.Path).Data;
        var cells = CountMatrix.Select(file, input.Counts, input.Path);
        if (CountMatrix.Check(file, cells, input.Counts, input.Path) is { } warning)
        {
            warn(warning);
        }

        if (keepLabels is not null && input.LabelKey is not null && cells.Obs.TryGetColumn(input.LabelKey, out var labels))
        {
            cells = cells.SelectCells([.. Enumerable.Range(0, cells.CellCount).Where(cell => keepLabels.Contains(labels.FormatValue(cell)))]);
        }

        if (input.LabelKey is not null && !cells.Obs.TryGetColumn(input.LabelKey, out _))
        {
            throw new DataFormatException(input.Path, "obs", $"no label column '{input.LabelKey}' (obs has: {string.Join(", ", cells.Obs.ColumnNames)})");
        }

        return new SpeciesData(input.Species, cells, input.LabelKey, input.DonorKey, input.Path);
    }

    /// <summary>Orients the pair table so gene A is the reference's: the column whose genes the reference data contains more of.</summary>
    internal static Dictionary<string, GenePairTable> PairsBySpecies(GenePairTable pairs, string reference, List<SpeciesData> inputs, string path)
    {
        var referenceInput = inputs.FirstOrDefault(input => input.Species == reference)
            ?? throw new UsageException($"The reference species '{reference}' is not among the inputs.");
        var referenceGenes = new HashSet<string>(referenceInput.Cells.GeneNames, StringComparer.Ordinal);
        var hitsA = pairs.Pairs.Count(pair => referenceGenes.Contains(pair.GeneA));
        var hitsB = pairs.Pairs.Count(pair => referenceGenes.Contains(pair.GeneB));
        if (hitsA == 0 && hitsB == 0)
        {
            throw new DataFormatException(path, string.Empty, $"no gene of the table is a '{reference}' gene of {referenceInput.Source}");
        }

        var oriented = hitsA >= hitsB ? pairs : new GenePairTable(pairs.GeneBColumn, pairs.GeneAColumn, [.. pairs.Pairs.Select(pair => new GenePair(pair.GeneB, pair.GeneA, pair.Score))]);
        return inputs.Where(input => input.Species != reference).ToDictionary(input => input.Species, _ => oriented, StringComparer.Ordinal);
    }

    internal static SingleCellPipelineOptions Options(FitConfig config, string reference) => new()
    {
        ReferenceSpecies = reference,
        HomologyStrategy = config.Homology.Strategy,
        HomologySource = Path.GetFileName(config.Homology.Path),
        TargetSum = config.Normalization.TargetSum,
        TopGenes = config.VariableGenes.TopGenes,
        MaxValue = config.Scaling.MaxValue,
        Components = config.Pca.Components,
        Harmony = new HarmonyOptions
        {
            Theta = config.Harmony.Theta,
            Sigma = config.Harmony.Sigma,
            Lambda = config.Harmony.Lambda,
            Clusters = config.Harmony.Clusters,
            MaxRounds = config.Harmony.MaxRounds,
            MaxClusterIterations = config.Harmony.MaxClusterIterations,
            BlockSize = config.Harmony.BlockSize,
            EpsilonCluster = config.Harmony.EpsilonCluster,
            EpsilonHarmony = config.Harmony.EpsilonHarmony,
        },
        DonorCovariate = config.Harmony.DonorCovariate,
        TrainSpecies = config.TrainSpecies,
        Labels = config.KeepLabels,
        MinimumGeneOverlap = config.MinimumGeneOverlap,
        Seed = config.Seed,
    };

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
            + $"classifier on {string.Join(", ", manifest.TrainSpecies)}: {string.Join(", ", manifest.Labels)}."));
    }
}
