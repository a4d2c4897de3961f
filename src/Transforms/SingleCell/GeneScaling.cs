namespace PllmML.Transforms.SingleCell;

/// <summary>
/// Per-gene standardisation with clipping: (x − mean) / sd, then values above <see cref="MaxValue"/> set to it —
/// scanpy's <c>scale(max_value=10)</c> and Seurat's <c>ScaleData(scale.max = 10)</c>. The standard deviation has
/// ddof 1; a gene with zero deviation is divided by 1.
/// </summary>
/// <param name="Means">Per-gene means.</param>
/// <param name="StandardDeviations">Per-gene standard deviations (1 where the gene is constant).</param>
/// <param name="MaxValue">The clip value.</param>
public sealed record GeneScaling(float[] Means, float[] StandardDeviations, float MaxValue)
{
    /// <summary>The default clip value.</summary>
    public const float DefaultMaxValue = 10f;

    /// <summary>Fits the means and deviations of a cells × genes matrix.</summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="cells">Number of rows.</param>
    /// <param name="genes">Number of columns.</param>
    /// <param name="maxValue">The clip value.</param>
    public static GeneScaling Fit(ReadOnlySpan<float> data, int cells, int genes, float maxValue = DefaultMaxValue)
    {
        var sum = new double[genes];
        var squares = new double[genes];
        for (var cell = 0; cell < cells; cell++)
        {
            var row = data.Slice(cell * genes, genes);
            for (var gene = 0; gene < genes; gene++)
            {
                sum[gene] += row[gene];
                squares[gene] += (double)row[gene] * row[gene];
            }
        }

        var means = new float[genes];
        var deviations = new float[genes];
        for (var gene = 0; gene < genes; gene++)
        {
            var mean = sum[gene] / cells;
            var variance = cells > 1 ? Math.Max(0, (squares[gene] - (cells * mean * mean)) / (cells - 1)) : 0;
            means[gene] = (float)mean;
            deviations[gene] = variance > 0 ? (float)Math.Sqrt(variance) : 1f;
        }

        return new GeneScaling(means, deviations, maxValue);
    }

    /// <summary>Scales one cell.</summary>
    /// <param name="values">The cell's values, one per gene.</param>
    /// <param name="scaled">The result.</param>
    public void Apply(ReadOnlySpan<float> values, Span<float> scaled) => Apply(values, scaled, Means, StandardDeviations, MaxValue);

    internal static void Apply(ReadOnlySpan<float> values, Span<float> scaled, ReadOnlySpan<float> means, ReadOnlySpan<float> deviations, float maxValue)
    {
        for (var gene = 0; gene < values.Length; gene++)
        {
            scaled[gene] = Math.Min((values[gene] - means[gene]) / deviations[gene], maxValue);
        }
    }
}
