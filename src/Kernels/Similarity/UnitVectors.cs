namespace PllmML.Kernels.Similarity;

/// <summary>
/// Rows scaled to unit length (after centring each on its own mean for <see cref="SimilarityMetric.Pearson"/>), so
/// that a dot product is the similarity. Norms and means are accumulated in double precision.
/// </summary>
internal static class UnitVectors
{
    /// <summary>Writes the unit rows of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="DegenerateVectorException">A row holds NaN/infinity or has zero length.</exception>
    public static void Normalise(
        ReadOnlySpan<float> source, Span<float> destination, int rows, int width, SimilarityMetric metric, string side)
    {
        for (var row = 0; row < rows; row++)
        {
            NormaliseRow(source.Slice(row * width, width), destination.Slice(row * width, width), metric, side, row);
        }
    }

    /// <summary>One row; see <see cref="Normalise"/>.</summary>
    public static void NormaliseRow(
        ReadOnlySpan<float> source, Span<float> destination, SimilarityMetric metric, string side, int row)
    {
        var sum = 0.0;
        foreach (var value in source)
        {
            if (!float.IsFinite(value))
            {
                throw new DegenerateVectorException(side, row, $"the vector holds {value}");
            }

            sum += value;
        }

        var mean = metric == SimilarityMetric.Pearson && source.Length > 0 ? sum / source.Length : 0.0;
        var squares = 0.0;
        foreach (var value in source)
        {
            var centred = value - mean;
            squares += centred * centred;
        }

        if (!(squares > 0))
        {
            throw new DegenerateVectorException(side, row, metric == SimilarityMetric.Pearson
                ? "the vector is constant, so its Pearson correlation is undefined"
                : "all values are zero, so its cosine similarity is undefined");
        }

        var scale = 1.0 / Math.Sqrt(squares);
        for (var column = 0; column < source.Length; column++)
        {
            destination[column] = (float)((source[column] - mean) * scale);
        }
    }
}
