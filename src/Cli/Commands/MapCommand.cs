using System.CommandLine;
using System.Diagnostics;
using PllmML.Data.Embeddings;
using PllmML.Data.Orthologs;
using PllmML.Homology.Embeddings;
using PllmML.Kernels.Similarity;
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
        metric.AcceptOnlyFromAmong("pearson", "cosine");
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
            parse.GetValue(metric) == "cosine" ? SimilarityMetric.Cosine : SimilarityMetric.Pearson,
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
        var genesA = Progress.Run(console, $"Reading {request.From}", () => EmbeddingFiles.Read(request.From));
        var genesB = Progress.Run(console, $"Reading {request.To}", () => EmbeddingFiles.Read(request.To));
        var gpu = request.Cuda && IlgpuSimilaritySearch.CudaDeviceCount() > 0;
        if (request.Cuda && !gpu)
        {
            console.MarkupLine("[yellow]No CUDA device found; using the CPU kernel.[/]");
        }

        var options = new GeneSimilarityOptions
        {
            Metric = request.Metric, TopK = request.TopK, GpuDeviceId = gpu ? 0 : null, FallbackToCpu = true,
            MaxThreads = request.Threads,
        };
        var clock = Stopwatch.StartNew();
        var neighbours = Progress.Run(
            console,
            $"Comparing {genesA.Count:N0} × {genesB.Count:N0} genes",
            () => GeneSimilaritySearch.Search(genesA, request.From, genesB, request.To, options));
        var searchSeconds = clock.Elapsed.TotalSeconds;
        var strategy = MapStrategies.Parse(request.Strategy);
        var table = Progress.Run(
            console,
            $"Matching ({request.Strategy})",
            () => EmbeddingMapping.Map(neighbours, strategy, speciesA, speciesB, request.MinScore, request.Candidates));
        GenePairTableWriter.Write(table, request.Output);
        console.MarkupLine(
            $"Wrote {Markup.Escape(request.Output)}: {table.Count:N0} pairs ({request.Strategy}, {request.Metric.ToString().ToLowerInvariant()}, "
            + $"top-{request.TopK}) from {genesA.Count:N0} {Markup.Escape(speciesA)} × {genesB.Count:N0} {Markup.Escape(speciesB)} genes, "
            + $"width {genesA.Width}; search {searchSeconds:F1} s.");
        return PllmCommandLine.Success;
    }

    private sealed record Request(
        string From,
        string To,
        string Strategy,
        SimilarityMetric Metric,
        string Output,
        int TopK,
        float? MinScore,
        bool Cuda,
        GreedyCandidates Candidates,
        string? Names,
        int? Threads);
}
