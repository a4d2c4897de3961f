namespace PllmML.Kernels.Similarity;

/// <summary>
/// Rows scaled to unit length (after centring each on its own mean for <see cref="SimilarityMetric.Pearson"/>), so
/// that a dot product is the similarity. Norms and means are accumulated in double precision.
/// </summary>
internal static class UnitVectors
{
    /// <summary>Writes the unit version of one row into <paramref name="destination"/>.</summary>
    /// <exception cref="DegenerateVectorException">The row holds NaN/infinity or has zero length.</exception>
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
