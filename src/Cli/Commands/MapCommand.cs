using System.CommandLine;
using PllmML.Homology.Embeddings;
using PllmML.Pipeline;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// <c>pllm map --from A --to B --strategy …</c>: maps the genes of one species to another's from their embeddings
/// (fused similarity + top-k search, then a set-level strategy) and writes the pairs as the original's CSV.
/// </summary>
internal static class MapCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var from = new Option<string>("--from") { Description = "Species-A gene embeddings (TSV: gene, values…).", Required = true };
        var to = new Option<string>("--to") { Description = "Species-B gene embeddings.", Required = true };
        var strategy = new Option<string>("--strategy")
        {
            Description = "mbh (mutual best hits), greedy (global greedy one-to-one, the original LM_O2O), "
                + "stable (Gale–Shapley, A proposing), many (top-k of either side above --min-score).",
            DefaultValueFactory = _ => "greedy",
        };
        strategy.AcceptOnlyFromAmong([.. MapStrategies.Names]);
        var metric = new Option<string>("--metric")
        {
            Description = "pearson (centred cosine, the original's) or cosine.",
            DefaultValueFactory = _ => "pearson",
        };
        metric.AcceptOnlyFromAmong([.. ProteinMap.Metrics]);
        var output = new Option<string>("--out") { Description = "The pairs CSV to write.", Required = true };
        var topK = new Option<int>("--top-k")
        {
            Description = "Neighbours kept per gene of either side.",
            DefaultValueFactory = _ => GeneSimilarityOptions.Defaults.TopK,
        };
        var minScore = new Option<float?>("--min-score") { Description = "Drop pairs scoring below this." };
        var device = new Option<string>("--device")
        {
            Description = "cpu (fast blocked kernel) or cuda (ILGPU; falls back to cpu with a note when there is no GPU).",
            DefaultValueFactory = _ => "cpu",
        };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var candidates = new Option<string>("--candidates")
        {
            Description = "For greedy: topk (every top-k pair) or mbh (mutual best hits only).",
            DefaultValueFactory = _ => "topk",
        };
        candidates.AcceptOnlyFromAmong("topk", "mbh");
        var names = CommonOptions.SpeciesNames();
        var threads = new Option<int?>("--threads") { Description = "CPU threads (default: all cores)." };
        var command = new Command("map", "Map genes across species from their embeddings.")
        {
            from, to, strategy, metric, output, topK, minScore, device, candidates, names, threads,
        };
        command.SetAction(parse => Run(console, new Request(
            parse.GetRequiredValue(from),
            parse.GetRequiredValue(to),
            parse.GetValue(strategy)!,
            parse.GetValue(metric)!,
            parse.GetRequiredValue(output),
            parse.GetValue(topK),
            parse.GetValue(minScore),
            parse.GetValue(device) == "cuda",
            parse.GetValue(candidates) == "mbh" ? GreedyCandidates.MutualBestHits : GreedyCandidates.TopK,
            parse.GetValue(names),
            parse.GetValue(threads))));
        return command;
    }

    private static int Run(IAnsiConsole console, Request request)
    {
        if (request.TopK < 1)
        {
            throw new UsageException($"--top-k must be at least 1, not {request.TopK}.");
        }

        var (speciesA, speciesB) = CommonOptions.ParseSpeciesNames(request.Names, request.From, request.To);
        var settings = new ProteinMapSettings
        {
            From = request.From, To = request.To, SpeciesA = speciesA, SpeciesB = speciesB, Output = request.Output, Strategy = request.Strategy,
            Metric = request.Metric, TopK = request.TopK, MinScore = request.MinScore, Cuda = request.Cuda, Candidates = request.Candidates,
            Threads = request.Threads,
        };
        var result = Progress.Run(console, "Mapping", step => ProteinMap.Run(settings, step));
        if (request.Cuda && !result.UsedCuda)
        {
            console.MarkupLine("[yellow]No CUDA device found; used the CPU kernel.[/]");
        }

        console.MarkupLine(
            $"Wrote {Markup.Escape(request.Output)}: {result.Pairs.Count:N0} pairs ({request.Strategy}, {request.Metric}, "
            + $"top-{request.TopK}) from {result.GenesA:N0} {Markup.Escape(speciesA)} × {result.GenesB:N0} {Markup.Escape(speciesB)} genes, "
            + $"width {result.Width}; search {result.SearchSeconds:F1} s.");
        return PllmCommandLine.Success;
    }

    private sealed record Request(
        string From,
        string To,
        string Strategy,
        string Metric,
        string Output,
        int TopK,
        float? MinScore,
        bool Cuda,
        GreedyCandidates Candidates,
        string? Names,
        int? Threads);
}
