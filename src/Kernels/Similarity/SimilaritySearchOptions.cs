namespace PllmML.Kernels.Similarity;

/// <summary>What a similarity search computes and how many threads it may use.</summary>
public sealed record SimilaritySearchOptions
{
    /// <summary>The similarity; the original project's LM_O2O uses <see cref="SimilarityMetric.Pearson"/>.</summary>
    public SimilarityMetric Metric { get; init; } = SimilarityMetric.Pearson;

    /// <summary>How many neighbours to keep for every gene of either side.</summary>
    public int K { get; init; } = 10;

    /// <summary>The most threads the CPU path uses; all cores when null.</summary>
    public int? MaxThreads { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">K or MaxThreads is not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(K);
        if (MaxThreads is { } threads)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        }
    }
}
