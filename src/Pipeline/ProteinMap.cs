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
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.TopK, 1, nameof(settings.TopK));
        var strategy = MapStrategies.Parse(settings.Strategy);
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
        var searchSeconds = clock.Elapsed.TotalSeconds;
        progress?.Invoke($"Matching ({settings.Strategy})");
        var pairs = EmbeddingMapping.Map(neighbours, strategy, settings.SpeciesA, settings.SpeciesB, settings.MinScore, settings.Candidates);
        GenePairTableWriter.Write(pairs, settings.Output);
        return new ProteinMapResult(pairs, neighbours, genesA.Count, genesB.Count, genesA.Width, cuda, searchSeconds);
    }
}
