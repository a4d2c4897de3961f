using System.Diagnostics;
using PllmML.Kernels.Clustering;
using PllmML.Kernels.Neighbors;

namespace PllmML.Evaluation;

/// <summary>
/// All scib metrics of an embedding, named as scib-metrics names them. Bio conservation: isolated labels, KMeans NMI,
/// KMeans ARI, silhouette label, cLISI (scib-metrics' default set); batch correction: silhouette batch (scib's batch
/// ASW), iLISI, kBET, graph connectivity, PCR comparison (when a baseline is given). Extras: raw label silhouette,
/// Louvain NMI/ARI at the best of the resolutions.
/// </summary>
public static class ScibMetrics
{
    /// <summary>Computes every metric; a metric undefined for the input (one batch, one cell type) gets a reason, not NaN.</summary>
    /// <param name="input">The integrated embedding with cell types and batches.</param>
    /// <param name="baseline">The unintegrated embedding of the same cells for PCR comparison, or null.</param>
    /// <param name="options">Parameters; scib defaults when null.</param>
    /// <param name="progress">Called with each metric's name before it runs.</param>
    /// <param name="neighborSearch">The kNN search of the neighbour graphs and kBET; <see cref="NeighborSearches.Cpu"/> when null.</param>
    public static ScibReport Compute(
        EvaluationInput input, EvaluationInput? baseline = null, ScibOptions? options = null, Action<string>? progress = null, INeighborSearch? neighborSearch = null)
        => ComputeWithGraph(input, baseline, options, progress, neighborSearch).Report;

    /// <summary>
    /// <see cref="Compute"/>, also returning the neighbour graph of every cell it searched (null when no metric needed
    /// one), for label transfer to reuse.
    /// </summary>
    internal static (ScibReport Report, NeighborGraph? Graph) ComputeWithGraph(
        EvaluationInput input, EvaluationInput? baseline, ScibOptions? options, Action<string>? progress, INeighborSearch? neighborSearch)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new ScibOptions();
        var search = neighborSearch ?? NeighborSearches.Cpu;
        var metrics = new List<MetricValue>();
        var oneLabel = input.Labels.Count < 2 ? "undefined: only one cell type" : null;
        var oneBatch = input.Batches.Count < 2 ? "undefined: only one batch" : null;
        var maxK = Math.Min(Math.Max(options.LisiNeighborCount, options.GraphNeighborCount), input.CellCount - 1);

        NeighborGraph? graph = null;
        double[]? labelSilhouettes = null;
        void Add(string name, MetricGroup group, string? undefined, Func<(double Value, string? Note)> compute)
        {
            progress?.Invoke(name);
            if (undefined is not null)
            {
                metrics.Add(new MetricValue(name, group, null, undefined, 0));
                return;
            }

            var clock = Stopwatch.StartNew();
            var (value, note) = compute();
            metrics.Add(double.IsFinite(value)
                ? new MetricValue(name, group, value, note, clock.Elapsed.TotalSeconds)
                : new MetricValue(name, group, null, note ?? "undefined for this input", clock.Elapsed.TotalSeconds));
        }

        NeighborGraph Graph() => graph ??= search.Search(input.Values, input.Dimensions, maxK);

        // cLISI and iLISI weigh the same neighbours alike: the weights are searched once for both.
        double[][]? lisi = null;
        double[][] LisiPerCell() => lisi ??= Lisi.PerCell(Graph().Truncate(Math.Min(options.LisiNeighborCount, Graph().NeighborCount)), [input.Labels, input.Batches], options.Perplexity);

        // Above SilhouetteExactLimit cells the label silhouettes are the exact widths of a stratified sample of cells.
        var sampledSilhouettes = input.CellCount > options.SilhouetteExactLimit;
        int[]? labelSample = null;
        double[] LabelSilhouettes() => labelSilhouettes ??= sampledSilhouettes
            ? Silhouette.Samples(input.Values, input.Dimensions, SquaredDistanceBlocks.All(input.CellCount), input.Labels.Codes, labelSample = Silhouette.StratifiedSample(input.Labels.Codes, options.SilhouetteSamplePerGroup, options.Seed))
            : Silhouette.Samples(input.Values, input.Dimensions, SquaredDistanceBlocks.All(input.CellCount), input.Labels.Codes);
        double LabelSilhouetteMean() => sampledSilhouettes
            ? Silhouette.StratifiedMean(input.Labels.Codes, labelSample!, LabelSilhouettes(), s => s)
            : LabelSilhouettes().Average();
        string SampleNote() => string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"estimate: exact silhouettes of a stratified sample of {LabelSilhouettes().Length:N0} of {input.CellCount:N0} cells (up to {options.SilhouetteSamplePerGroup:N0} per cell type, seed {options.Seed}), above {options.SilhouetteExactLimit:N0} cells");

        var tiny = input.CellCount < 3 ? "undefined: fewer than 3 cells" : null;
        var tooFewCells = input.CellCount <= input.Labels.Count ? "undefined: a silhouette needs more cells than cell types" : null;
        Add("Isolated labels", MetricGroup.BioConservation, oneLabel ?? tooFewCells, () =>
        {
            var widths = LabelSilhouettes();
            return sampledSilhouettes
                ? (IsolatedLabels.ScoreFromSample(labelSample!, widths, input.Labels, input.Batches), SampleNote())
                : (IsolatedLabels.Score(widths, input.Labels, input.Batches), null);
        });
        var kmeans = oneLabel is null && tooFewCells is null ? new Lazy<int[]>(() => KMeans.FitBestOf(input.Values, input.Dimensions, input.Labels.Count, options.Seed, options.KMeansRestarts).Labels) : null;
        Add("KMeans NMI", MetricGroup.BioConservation, oneLabel ?? tooFewCells, () => (ClusterAgreement.NormalizedMutualInformation(input.Labels.Codes, kmeans!.Value), $"k = {input.Labels.Count}"));
        Add("KMeans ARI", MetricGroup.BioConservation, oneLabel ?? tooFewCells, () => (ClusterAgreement.AdjustedRandIndex(input.Labels.Codes, kmeans!.Value), $"k = {input.Labels.Count}"));
        Add("Silhouette label", MetricGroup.BioConservation, oneLabel ?? tooFewCells, () => ((LabelSilhouetteMean() + 1) / 2, sampledSilhouettes ? $"(ASW + 1) / 2; {SampleNote()}" : "(ASW + 1) / 2"));
        Add("cLISI", MetricGroup.BioConservation, oneLabel ?? tiny, () => (Lisi.ConservationScore(LisiPerCell()[0], input.Labels.Count), $"{Math.Min(options.LisiNeighborCount, Graph().NeighborCount)} neighbours, perplexity {options.Perplexity}"));
        Add("Silhouette batch", MetricGroup.BatchCorrection, oneBatch, () =>
        {
            var value = BatchSilhouette.Score(input, options.SilhouetteExactLimit, options.SilhouetteSamplePerGroup, options.Seed);
            var sampledTypes = input.Labels.Counts.Count(c => c > options.SilhouetteExactLimit);
            var note = sampledTypes == 0 ? null : string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"estimate for the {sampledTypes} cell types above {options.SilhouetteExactLimit:N0} cells: exact silhouettes of up to {options.SilhouetteSamplePerGroup:N0} cells per batch (seed {options.Seed} + type)");
            return (value, double.IsFinite(value) ? note : "undefined: no cell type has cells of two batches");
        });
        Add("iLISI", MetricGroup.BatchCorrection, oneBatch ?? tiny, () => (Lisi.IntegrationScore(LisiPerCell()[1], input.Batches.Count), null));
        Add("KBET", MetricGroup.BatchCorrection, oneBatch, () =>
        {
            // The CPU search's neighbour graph already holds each type's nearest cells (ExactKnn.SearchWithin, the same result).
            var allCells = search is CpuNeighborSearch && input.CellCount >= Kbet.MinimumCells ? Graph() : null;
            var value = Kbet.Score(input, options.KbetAlpha, search, allCells);
            return (value, double.IsFinite(value) ? null : "undefined: no cell type has 10 cells and two batches");
        });
        Add("Graph connectivity", MetricGroup.BatchCorrection, tiny, () => (GraphConnectivity.Score(Graph().Truncate(Math.Min(options.GraphNeighborCount, Graph().NeighborCount)), input.Labels), $"{options.GraphNeighborCount}-NN graph"));
        Add("PCR comparison", MetricGroup.BatchCorrection, oneBatch ?? (baseline is null ? "undefined: no unintegrated baseline given" : null), () =>
        {
            var before = baseline!.BatchRegression(options.PcrComponentCount);
            var after = input.BatchRegression(options.PcrComponentCount);
            return (PrincipalComponentRegression.Comparison(before, after), $"PCR before {before:F4}, after {after:F4}");
        });
        Add("Silhouette label (raw)", MetricGroup.Extra, oneLabel ?? tooFewCells, () => (LabelSilhouetteMean(), sampledSilhouettes ? $"as the original project reports it, in [−1, 1]; {SampleNote()}" : "as the original project reports it, in [−1, 1]"));
        int[]? louvain = null;
        var louvainClusterings = new List<IReadOnlyList<int>>();
        var bestResolution = double.NaN;
        Add("Louvain NMI", MetricGroup.Extra, oneLabel ?? tiny, () =>
        {
            var connectivities = FuzzySimplicialSet.Build(Graph().Truncate(Math.Min(options.GraphNeighborCount, Graph().NeighborCount)));
            var best = double.NegativeInfinity;

            // The resolutions are independent runs (each seeded alike), so they run side by side; picked in order.
            var clusterings = new int[options.Resolutions.Count][];
            Parallel.For(0, clusterings.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, r => clusterings[r] = LouvainClustering.Cluster(connectivities, options.Resolutions[r], options.Seed));
            for (var r = 0; r < clusterings.Length; r++)
            {
                var (resolution, clusters) = (options.Resolutions[r], clusterings[r]);
                louvainClusterings.Add(clusters);
                var nmi = ClusterAgreement.NormalizedMutualInformation(input.Labels.Codes, clusters);
                if (nmi > best)
                {
                    (best, louvain, bestResolution) = (nmi, clusters, resolution);
                }
            }

            var range = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{options.Resolutions.Min():0.0#}–{options.Resolutions.Max():0.0#}");
            return (best, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"resolution {bestResolution:0.0#} of {range} ({louvain!.Max() + 1} clusters)"));
        });
        Add("Louvain ARI", MetricGroup.Extra, oneLabel ?? tiny, () => (ClusterAgreement.AdjustedRandIndex(input.Labels.Codes, louvain!), $"at resolution {bestResolution:0.0#}"));
        Add("Isolated labels F1", MetricGroup.Extra, oneLabel ?? tiny, () => (IsolatedLabels.F1Score(input.Labels, input.Batches, louvainClusterings), "scib's cluster version: best F1 of any Louvain cluster over the resolutions"));
        return (new ScibReport(metrics), graph);
    }
}
