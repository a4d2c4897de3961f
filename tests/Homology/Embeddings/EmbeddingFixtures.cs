using PllmML.Data;
using PllmML.Data.Embeddings;
using PllmML.Homology.Embeddings;
using PllmML.Kernels.Similarity;

namespace PllmML.Homology.Tests.Embeddings;

/// <summary>Constructed gene embeddings: B genes are noisy copies of A genes (orthologs), plus paralogs and strays.</summary>
internal static class EmbeddingFixtures
{
    public static (EmbeddingTable A, EmbeddingTable B) Orthologs(int genesA, int genesB, int width, int seed, double noise = 0.6)
    {
        var random = new Random(seed);
        var a = new float[genesA * width];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = (float)Gaussian(random);
        }

        var b = new float[genesB * width];
        for (var j = 0; j < genesB; j++)
        {
            var source = random.Next(genesA);
            for (var k = 0; k < width; k++)
            {
                b[(j * width) + k] = a[(source * width) + k] + (float)(noise * Gaussian(random));
            }
        }

        return (
            new EmbeddingTable(Enumerable.Range(0, genesA).Select(i => $"GENE{i:D4}").ToArray(), new DenseMatrix(genesA, width, a)),
            new EmbeddingTable(Enumerable.Range(0, genesB).Select(j => $"Gene{j:D4}").ToArray(), new DenseMatrix(genesB, width, b)));
    }

    public static GeneNeighbours Search(EmbeddingTable a, EmbeddingTable b, int k, SimilarityMetric metric = SimilarityMetric.Pearson) =>
        GeneSimilaritySearch.Search(a, "a.tsv", b, "b.tsv", new GeneSimilarityOptions { TopK = k, Metric = metric, MaxThreads = 2 });

    /// <summary>Every pair's score from the exact on-demand scorer.</summary>
    public static float[,] Full(GeneNeighbours neighbours)
    {
        var full = new float[neighbours.GenesA.Count, neighbours.GenesB.Count];
        for (var a = 0; a < neighbours.GenesA.Count; a++)
        {
            for (var b = 0; b < neighbours.GenesB.Count; b++)
            {
                full[a, b] = neighbours.Vectors.Score(a, b);
            }
        }

        return full;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
