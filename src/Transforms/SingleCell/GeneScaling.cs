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
        var accumulator = new Accumulator(genes);
        for (var cell = 0; cell < cells; cell++)
        {
            accumulator.Add(data.Slice(cell * genes, genes));
        }

        return accumulator.Finish(maxValue);
    }

    /// <summary>Fits the means and deviations from cells streamed one at a time (the same sums in the same order as <see cref="Fit"/>).</summary>
    /// <param name="genes">Number of genes.</param>
    internal sealed class Accumulator(int genes)
    {
        private readonly double[] _sum = new double[genes];
        private readonly double[] _squares = new double[genes];
        private int _cells;

        /// <summary>Adds one cell.</summary>
        /// <param name="row">The cell's values, one per gene.</param>
        public void Add(ReadOnlySpan<float> row)
        {
            if (row.Length != genes)
            {
                throw new InvalidOperationException($"Cell {_cells} has {row.Length} values; the first had {genes}.");
            }

            for (var gene = 0; gene < genes; gene++)
            {
                _sum[gene] += row[gene];
                _squares[gene] += (double)row[gene] * row[gene];
            }

            _cells++;
        }

        /// <summary>The fitted scaling.</summary>
        /// <param name="maxValue">The clip value.</param>
        public GeneScaling Finish(float maxValue)
        {
            var cells = _cells;
            var means = new float[genes];
            var deviations = new float[genes];
            for (var gene = 0; gene < genes; gene++)
            {
                var mean = _sum[gene] / cells;
                var variance = cells > 1 ? Math.Max(0, (_squares[gene] - (cells * mean * mean)) / (cells - 1)) : 0;
                means[gene] = (float)mean;
                deviations[gene] = variance > 0 ? (float)Math.Sqrt(variance) : 1f;
            }

            return new GeneScaling(means, deviations, maxValue);
        }
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
