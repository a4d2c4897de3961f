using Microsoft.ML;
using PllmML.Kernels.Similarity;

namespace PllmML.Transforms.Homology;

/// <summary>Entry points for the nearest-gene mapper on <see cref="MLContext"/>.</summary>
public static class NearestGeneMappingCatalog
{
    /// <summary>A nearest-neighbour gene mapper: fit on species-B (gene, embedding) rows, transform species-A rows.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="geneColumnName">The text column of species-B gene names in the fit data.</param>
    /// <param name="embeddingColumnName">The float vector column of embeddings.</param>
    /// <param name="metric">Pearson (the original project's) or cosine.</param>
    /// <param name="topK">How many genes <c>MatchedGenes</c> lists.</param>
    public static NearestGeneMappingEstimator MapNearestGenes(
        this MLContext mlContext,
        string geneColumnName = NearestGeneMappingEstimator.DefaultColumnNames.Gene,
        string embeddingColumnName = NearestGeneMappingEstimator.DefaultColumnNames.Embedding,
        SimilarityMetric metric = SimilarityMetric.Pearson,
        int topK = 5) =>
        new(mlContext, new NearestGeneMappingEstimator.Options
        {
            GeneColumnName = geneColumnName, EmbeddingColumnName = embeddingColumnName, Metric = metric, TopK = topK,
        });

    /// <summary>A nearest-neighbour gene mapper with all options.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="options">The options.</param>
    public static NearestGeneMappingEstimator MapNearestGenes(
        this MLContext mlContext, NearestGeneMappingEstimator.Options options) => new(mlContext, options);
}
