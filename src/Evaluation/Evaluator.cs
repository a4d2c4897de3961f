using System.Diagnostics;
using PllmML.Kernels.Neighbors;

namespace PllmML.Evaluation;

/// <summary>Runs a whole evaluation: scib metrics (integrated and baseline), label transfer, pictures.</summary>
public static class Evaluator
{
    /// <summary>Label transfer is run between every ordered pair of batches when there are at most this many batches.</summary>
    public const int MaximumTransferBatches = 6;

    /// <summary>Evaluates.</summary>
    /// <param name="request">What to evaluate.</param>
    /// <param name="progress">Called with the name of each step before it runs.</param>
    /// <exception cref="ArgumentException">The baseline's cells do not match.</exception>
    public static EvaluationResult Run(EvaluationRequest request, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var integrated = request.Integrated;
        if (request.Baseline is { } check && check.CellCount != integrated.CellCount)
        {
            throw new ArgumentException($"The baseline has {check.CellCount} cells, the integrated embedding {integrated.CellCount}.", nameof(request));
        }

        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        T Timed<T>(string step, Func<T> run)
        {
            progress?.Invoke(step);
            var clock = Stopwatch.StartNew();
            var result = run();
            timings[step] = clock.Elapsed.TotalSeconds;
            return result;
        }

        // Each embedding's label transfer right after its scib metrics, from their neighbour graph (then dropped).
        var search = request.NeighborSearch;
        var (scib, graph) = Timed("scib metrics (integrated)", () => ScibMetrics.ComputeWithGraph(integrated, request.Baseline, request.Scib, m => progress?.Invoke($"scib metrics (integrated): {m}"), search));
        var transfers = Timed("label transfer (integrated)", () => Transfers(integrated, request.TransferNeighborCount, search, graph));
        graph = null;
        ScibReport? baselineScib = null;
        List<LabelTransferResult> baselineTransfers = [];
        if (request.Baseline is { } baseline)
        {
            (baselineScib, graph) = Timed("scib metrics (baseline)", () => ScibMetrics.ComputeWithGraph(baseline, baseline, request.Scib, m => progress?.Invoke($"scib metrics (baseline): {m}"), search));
            baselineTransfers = Timed("label transfer (baseline)", () => Transfers(baseline, request.TransferNeighborCount, search, graph));
        }

        var pictures = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (request.DrawPictures)
        {
            Timed("pictures", () =>
            {
                Draw(request, transfers, pictures, progress);
                return 0;
            });
        }

        var classifierTransfers = request.Classifier is { } classifier
            ? Timed("label transfer (classifier)", () => LabelTransfer.ScoreClassifier(integrated, classifier))
            : [];
        return new EvaluationResult(request, scib, baselineScib, transfers, baselineTransfers, pictures, timings)
        {
            ClassifierTransfers = classifierTransfers,
            Abstention = request.Calls is { } calls ? Timed("abstention", () => Abstention.Score(calls)) : null,
        };
    }

    private static List<LabelTransferResult> Transfers(EvaluationInput input, int k, INeighborSearch? search, NeighborGraph? graph)
    {
        var results = new List<LabelTransferResult>();
        if (input.Batches.Count < 2 || input.Batches.Count > MaximumTransferBatches)
        {
            return results;
        }

        foreach (var reference in input.Batches.Names)
        {
            foreach (var query in input.Batches.Names.Where(q => q != reference))
            {
                if (input.Batches.Counts[input.Batches.Names.ToList().IndexOf(reference)] >= k)
                {
                    results.Add(LabelTransfer.Run(input, reference, query, k, search, graph));
                }
            }
        }

        return results;
    }

    private static void Draw(EvaluationRequest request, List<LabelTransferResult> transfers, Dictionary<string, byte[]> pictures, Action<string>? progress)
    {
        var integrated = request.Integrated;
        if (integrated.CellCount >= 3)
        {
            progress?.Invoke("pictures: UMAP of the integrated embedding");
            var umap = Umap.Embed(integrated, request.Umap, request.NeighborSearch);
            pictures["umap_batch.png"] = EvaluationPlots.Scatter(umap, integrated.Batches, "Integrated embedding, UMAP: batch (species)");
            pictures["umap_cell_type.png"] = EvaluationPlots.Scatter(umap, integrated.Labels, "Integrated embedding, UMAP: cell type");
            if (request.Baseline is { } baseline)
            {
                progress?.Invoke("pictures: UMAP of the baseline");
                var baseUmap = Umap.Embed(baseline, request.Umap, request.NeighborSearch);
                pictures["umap_baseline_batch.png"] = EvaluationPlots.Scatter(baseUmap, baseline.Batches, "Baseline (unintegrated), UMAP: batch (species)");
                pictures["umap_baseline_cell_type.png"] = EvaluationPlots.Scatter(baseUmap, baseline.Labels, "Baseline (unintegrated), UMAP: cell type");
            }
        }

        foreach (var transfer in transfers)
        {
            pictures[$"confusion_{Safe(transfer.ReferenceBatch)}_to_{Safe(transfer.QueryBatch)}.png"] = EvaluationPlots.Confusion(transfer);
        }

        pictures["composition.png"] = EvaluationPlots.Composition(integrated.Labels, integrated.Batches);
        if (request.GeneMap is { FiniteScores.Count: > 0 } map)
        {
            pictures["gene_map_scores.png"] = EvaluationPlots.Histogram(map.FiniteScores, $"Gene-map scores ({map.UniquePairs} pairs)");
        }
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '_'));
}
