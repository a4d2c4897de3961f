using System.Diagnostics;
using PllmML.Data.Embeddings;
using PllmML.Data.Orthologs;
using PllmML.Homology.Embeddings;
using PllmML.Kernels.Similarity;

namespace PllmML.Pipeline;

/// <summary>
/// Maps one species' genes to another's from their embeddings — fused similarity and top-k search, then a set-level
/// strategy — and writes the pairs: the one path of <c>pllm map</c> and of the run's map stage.
/// </summary>
public static class ProteinMap
{
    /// <summary>The similarity metrics, as configs and the command line spell them: pearson, cosine.</summary>
    public static IReadOnlyList<string> Metrics { get; } = ["pearson", "cosine"];

    /// <summary>Reads both embedding files, searches, matches and writes the pairs CSV.</summary>
    /// <param name="settings">The files, species, search and strategy.</param>
    /// <param name="progress">Receives a description of each step as it starts.</param>
    /// <exception cref="ArgumentOutOfRangeException">Top-k below 1, or an unknown strategy or metric.</exception>
    /// <exception cref="PllmML.Data.DataFormatException">An embedding file cannot be read.</exception>
    public static ProteinMapResult Run(ProteinMapSettings settings, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _ = MapStrategies.Parse(settings.Strategy);
        return Match(settings, Search(settings, progress), progress);
    }

    /// <summary>
    /// Reads both embedding files and runs the similarity and top-k search only (the settings' strategy, species and
    /// output are not used): the expensive step, which <see cref="Match"/> reuses for every strategy over the same files,
    /// metric and top-k.
    /// </summary>
    /// <param name="settings">The files and the search (metric, top-k, device, threads).</param>
    /// <param name="progress">Receives a description of each step as it starts.</param>
    /// <returns>The search, with no pairs yet (an empty table).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Top-k below 1, or an unknown metric.</exception>
    /// <exception cref="PllmML.Data.DataFormatException">An embedding file cannot be read.</exception>
    public static ProteinMapResult Search(ProteinMapSettings settings, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.TopK, 1, nameof(settings.TopK));
        var metric = settings.Metric switch
        {
            "pearson" => SimilarityMetric.Pearson,
            "cosine" => SimilarityMetric.Cosine,
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Metric, $"metric: expected {string.Join(", ", Metrics)}"),
        };
        progress?.Invoke($"Reading {settings.From}");
        var genesA = EmbeddingFiles.Read(settings.From);
        progress?.Invoke($"Reading {settings.To}");
        var genesB = EmbeddingFiles.Read(settings.To);
        var cuda = settings.Cuda && IlgpuSimilaritySearch.CudaDeviceCount() > 0;
        var options = new GeneSimilarityOptions
        {
            Metric = metric, TopK = settings.TopK, GpuDeviceId = cuda ? 0 : null, FallbackToCpu = true, MaxThreads = settings.Threads,
        };
        progress?.Invoke($"Comparing {genesA.Count:N0} × {genesB.Count:N0} genes");
        var clock = Stopwatch.StartNew();
        var neighbours = GeneSimilaritySearch.Search(genesA, settings.From, genesB, settings.To, options);
        return new ProteinMapResult(GenePairTable.Create(settings.SpeciesA, settings.SpeciesB, []), neighbours, genesA.Count, genesB.Count, genesA.Width, cuda, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Applies the settings' strategy to a search of the same files, metric and top-k, and writes the pairs CSV.</summary>
    /// <param name="settings">The strategy, species, score threshold and output (its files, metric and top-k must be the search's).</param>
    /// <param name="search">A result of <see cref="Search"/> (or <see cref="Run(ProteinMapSettings, Action{string})"/>).</param>
    /// <param name="progress">Receives a description of the step as it starts.</param>
    /// <exception cref="ArgumentOutOfRangeException">An unknown strategy.</exception>
    public static ProteinMapResult Match(ProteinMapSettings settings, ProteinMapResult search, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(search);
        var strategy = MapStrategies.Parse(settings.Strategy);
        progress?.Invoke($"Matching ({settings.Strategy})");
        var pairs = EmbeddingMapping.Map(search.Neighbours, strategy, settings.SpeciesA, settings.SpeciesB, settings.MinScore, settings.Candidates);
        GenePairTableWriter.Write(pairs, settings.Output);
        return search with { Pairs = pairs };
    }
}
