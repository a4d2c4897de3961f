using PllmML.Data;
using PllmML.Data.Embeddings;
using PllmML.Kernels.Similarity;

namespace PllmML.Homology.Embeddings;

/// <summary>
/// Compares the gene embeddings of two species with the fused similarity + top-k kernels, checking the inputs first:
/// bad input is reported with the file and the gene it concerns.
/// </summary>
public static class GeneSimilaritySearch
{
    /// <summary>Searches the top-k of both sides.</summary>
    /// <param name="genesA">Species-A embeddings.</param>
    /// <param name="sourceA">Where they came from (a file name; used in error messages).</param>
    /// <param name="genesB">Species-B embeddings.</param>
    /// <param name="sourceB">Where they came from.</param>
    /// <param name="options">Metric, k and device; defaults when null.</param>
    /// <exception cref="DataFormatException">
    /// A side is empty, the widths differ, a gene name repeats, or a vector is zero, constant (Pearson) or not finite.
    /// </exception>
    /// <exception cref="NotSupportedException">A CUDA device was requested, is missing, and fallback is off.</exception>
    public static GeneNeighbours Search(
        EmbeddingTable genesA, string sourceA, EmbeddingTable genesB, string sourceB, GeneSimilarityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(genesA);
        ArgumentNullException.ThrowIfNull(genesB);
        options ??= new GeneSimilarityOptions();
        var vectors = Prepare(genesA, sourceA, genesB, sourceB, options.Metric);
        using var search = SimilaritySearches.Create(options.GpuDeviceId, options.FallbackToCpu, options.MaxThreads);
        return new GeneNeighbours(genesA.Ids, genesB.Ids, vectors, search.Search(vectors, options.TopK));
    }

    /// <summary>Checks both sides and normalises them for the metric (no search).</summary>
    /// <param name="genesA">Species-A embeddings.</param>
    /// <param name="sourceA">Where they came from.</param>
    /// <param name="genesB">Species-B embeddings.</param>
    /// <param name="sourceB">Where they came from.</param>
    /// <param name="metric">The metric.</param>
    /// <exception cref="DataFormatException">See <see cref="Search"/>.</exception>
    public static UnitEmbeddingPair Prepare(
        EmbeddingTable genesA, string sourceA, EmbeddingTable genesB, string sourceB, SimilarityMetric metric)
    {
        ArgumentNullException.ThrowIfNull(genesA);
        ArgumentNullException.ThrowIfNull(genesB);
        CheckSide(genesA, sourceA);
        CheckSide(genesB, sourceB);
        if (genesA.Width != genesB.Width)
        {
            throw new DataFormatException(
                sourceB, "row 1", $"the embeddings are {genesB.Width} wide but those of {sourceA} are {genesA.Width} wide");
        }

        try
        {
            return UnitEmbeddingPair.Create(
                genesA.Vectors.Values, genesA.Count, genesB.Vectors.Values, genesB.Count, genesA.Width, metric);
        }
        catch (DegenerateVectorException error)
        {
            var (table, source) = error.Side == "A" ? (genesA, sourceA) : (genesB, sourceB);
            throw new DataFormatException(
                source, $"gene '{table.Ids[error.Row]}' (row {error.Row + 1})", error.Problem, error);
        }
    }

    private static void CheckSide(EmbeddingTable table, string source)
    {
        if (table.Count == 0)
        {
            throw new DataFormatException(source, "row 1", "there are no gene embeddings");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var row = 0; row < table.Count; row++)
        {
            if (!seen.TryAdd(table.Ids[row], row))
            {
                throw new DataFormatException(
                    source, $"row {row + 1}", $"the gene '{table.Ids[row]}' already appeared on row {seen[table.Ids[row]] + 1}");
            }
        }
    }
}
