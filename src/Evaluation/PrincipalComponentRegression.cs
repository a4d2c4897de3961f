using PllmML.Kernels.LinearAlgebra;

namespace PllmML.Evaluation;

/// <summary>
/// scib's principal component regression (<c>scib/metrics/pcr.py</c>): the embedding's first min(50, cells,
/// dimensions) principal components; each regressed on the one-hot batch with an intercept (R², clipped at 0);
/// PCR = Σ R²ᵢ · varᵢ / Σ varᵢ. The comparison score is (PCR before − PCR after) / PCR before, 0 if negative.
/// </summary>
public static class PrincipalComponentRegression
{
    /// <summary>scib's default number of components.</summary>
    public const int DefaultComponentCount = 50;

    /// <summary>The variance-weighted R² of the batch on the principal components.</summary>
    /// <param name="data">Row-major embedding.</param>
    /// <param name="cellCount">Cells.</param>
    /// <param name="dimensions">Dimensions.</param>
    /// <param name="batches">Batch of each cell.</param>
    /// <param name="componentCount">At most this many components (scib: 50).</param>
    public static double Compute(IReadOnlyList<double> data, int cellCount, int dimensions, LabelCodes batches, int componentCount = DefaultComponentCount)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(data);
        var pca = PrincipalComponents.FitScores(data as double[] ?? [.. data], cellCount, dimensions, Math.Min(componentCount, Math.Min(cellCount, dimensions)));
        var weighted = 0.0;
        var total = pca.ExplainedVariance.Sum();
        for (var c = 0; c < pca.ComponentCount; c++)
        {
            weighted += RSquared(pca, c, batches) * pca.ExplainedVariance[c];
        }

        return weighted / total;
    }

    /// <summary>The PCR comparison score: (before − after) / before, clipped at 0.</summary>
    /// <param name="before">PCR of the unintegrated embedding.</param>
    /// <param name="after">PCR of the integrated embedding.</param>
    public static double Comparison(double before, double after) => Math.Max(0, (before - after) / before);

    /// <summary>R² of a least-squares fit of one component on one-hot batches plus intercept: between-batch / total sum of squares.</summary>
    private static double RSquared(PrincipalComponentScores pca, int component, LabelCodes batches)
    {
        var sums = new double[batches.Count];
        var mean = 0.0;
        for (var i = 0; i < pca.CellCount; i++)
        {
            var score = pca.Scores[(i * pca.ComponentCount) + component];
            sums[batches.Codes[i]] += score;
            mean += score;
        }

        mean /= pca.CellCount;
        var totalSquares = 0.0;
        for (var i = 0; i < pca.CellCount; i++)
        {
            var d = pca.Scores[(i * pca.ComponentCount) + component] - mean;
            totalSquares += d * d;
        }

        var between = 0.0;
        for (var b = 0; b < batches.Count; b++)
        {
            var groupMean = sums[b] / batches.Counts[b];
            between += batches.Counts[b] * (groupMean - mean) * (groupMean - mean);
        }

        return totalSquares == 0 ? 0 : Math.Max(0, between / totalSquares);
    }
}
