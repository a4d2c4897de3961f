using System.CommandLine;
using Microsoft.ML;
using PllmML.Data;
using PllmML.Pipeline;
using PllmML.Trainers.SingleCell;
using PllmML.Transforms.SingleCell;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// <c>pllm predict</c>: annotates cells with a saved model. Writes the input with the integrated embedding in obsm
/// <c>X_pllm</c>, the predicted cell type in obs <c>pllm_cell_type</c>, its probability in <c>pllm_probability</c> and
/// one <c>pllm_probability_&lt;type&gt;</c> column per cell type.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = new Option<string>("--model") { Description = "A model zip written by pllm fit.", Required = true };
        var input = new Option<string>("--input") { Description = "Cells to annotate: an .h5ad file or a 10x folder with raw counts.", Required = true };
        var species = new Option<string>("--species") { Description = "The cells' species (one the model was fitted on).", Required = true };
        var counts = new Option<string?>("--counts") { Description = "Where the raw counts are: X (default), raw, or a layer name such as counts." };
        var output = new Option<string>("--out") { Description = "The .h5ad to write: the input with obsm X_pllm and obs pllm_cell_type, pllm_probability*.", Required = true };
        var kind = new Option<string?>("--input-kind") { Description = "What the matrix holds: counts (raw counts) or lognorm (log-normalised, e.g. scanpy normalize_total + log1p)." };
        var coverage = new Option<double?>("--coverage") { Description = "Coverage level of the prediction sets (e.g. 0.95); default: the level the model was fitted with." };
        var minimumGeneCoverage = new Option<double?>("--minimum-gene-coverage") { Description = "Smallest share of the variable genes' PCA loading mass the query must measure; default: the model's (0.1)." };
        var majorityVoting = new Option<bool>("--majority-voting") { Description = "Over-cluster the query in the integrated space and label each cluster by its majority (obs pllm_majority_voting, pllm_over_clustering)." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for the cells, each on its own blocks of 1,024 (default: all cores; the results are the same for any count)." };
        var command = new Command("predict", "Embed and annotate cells with a saved model.") { model, input, species, counts, output, kind, coverage, minimumGeneCoverage, majorityVoting, threads };
        command.SetAction(parse => Run(console, parse.GetRequiredValue(model), parse.GetRequiredValue(input), parse.GetRequiredValue(species),
            parse.GetValue(counts), parse.GetRequiredValue(output), parse.GetValue(kind), parse.InvocationConfiguration.Error, new PredictionOptions
            {
                Coverage = parse.GetValue(coverage),
                MinimumGeneCoverage = parse.GetValue(minimumGeneCoverage),
                MajorityVoting = parse.GetValue(majorityVoting),
                MaxThreads = parse.GetValue(threads),
            }));
        return command;
    }

    private static int Run(IAnsiConsole console, string modelPath, string input, string species, string? countsSource, string output, string? kindText, TextWriter error, PredictionOptions options)
    {
        var kind = kindText is null ? (InputKind?)null
            : CountMatrix.ParseKind(kindText) ?? throw new UsageException($"--input-kind {kindText}: expected counts or lognorm.");
        if (options.Coverage is { } level && level is not (> 0 and < 1))
        {
            throw new UsageException($"--coverage {level}: must lie strictly between 0 and 1.");
        }

        if (options.MinimumGeneCoverage is { } minimum && minimum is not (>= 0 and <= 1))
        {
            throw new UsageException($"--minimum-gene-coverage {minimum}: must lie in [0, 1].");
        }

        if (options.MaxThreads is < 1)
        {
            throw new UsageException($"--threads {options.MaxThreads}: must be at least 1.");
        }

        if (!output.EndsWith(".h5ad", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--out {output}: write an .h5ad (a 10x folder has no place for the X_pllm embedding).");
        }

        SingleCellModel model;
        try
        {
            model = Progress.Run(console, $"Loading {modelPath}", () => SingleCellModel.Load(new MLContext(), modelPath));
        }
        catch (FileNotFoundException)
        {
            throw new UsageException($"The model file {modelPath} does not exist.");
        }

        var (cells, counts, warning) = Progress.Run(console, $"Reading {input}", () => CountMatrix.Read(input, countsSource, kind));
        if (warning is not null)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        CellPredictions predictions;
        try
        {
            predictions = Progress.Run(console, "Predicting", () => model.Annotate(species, cells, counts, options));
        }
        catch (UnknownSpeciesException exception)
        {
            throw new UsageException($"--species: {exception.Message}");
        }
        catch (GeneOverlapException exception)
        {
            throw new DataFormatException(input, "var", exception.Message);
        }

        if (predictions.GeneCoverage is { IsLow: true } low)
        {
            error.WriteLine($"warning: {input}: {low.Describe()}; below {GeneCoverage.WarningLoadingShare:P0} predictions degrade (missing genes are filled with their expected values given the measured ones).");
        }

        Progress.Run(console, $"Writing {output}", () => DataFiles.WriteCells(cells, output));
        var predictedCounts = predictions.CellTypes.GroupBy(label => label).OrderByDescending(group => group.Count()).Select(group => $"{group.Key} {group.Count()}");
        console.MarkupLine(Markup.Escape(
            $"Wrote {output}: {predictions.CellCount} {species} cells, {predictions.GenesFound} of {predictions.ModelGenes} model genes found; "
            + $"X_pllm {predictions.Dimensions} dimensions; predicted: {string.Join(", ", predictedCounts)}."));
        return PllmCommandLine.Success;
    }
}
