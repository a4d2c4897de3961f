using PllmML.Kernels.Similarity;

namespace PllmML.Homology.Embeddings;

/// <summary>How gene embeddings are compared and where the search runs.</summary>
public sealed record GeneSimilarityOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>Pearson, the original project's choice.</summary>
        public const SimilarityMetric Metric = SimilarityMetric.Pearson;

        /// <summary>Neighbours kept per gene.</summary>
        public const int TopK = 10;
    }

    /// <summary>The similarity metric.</summary>
    public SimilarityMetric Metric { get; init; } = Defaults.Metric;

    /// <summary>Neighbours kept per gene of either side.</summary>
    public int TopK { get; init; } = Defaults.TopK;

    /// <summary>A CUDA device for the ILGPU kernel, or null for the CPU path (as <c>MLContext.GpuDeviceId</c>).</summary>
    public int? GpuDeviceId { get; init; }

    /// <summary>Use the CPU path when the CUDA device is missing (as <c>MLContext.FallbackToCpu</c>).</summary>
    public bool FallbackToCpu { get; init; }

    /// <summary>The most CPU threads; all cores when null.</summary>
    public int? MaxThreads { get; init; }
}
