using PllmML.Data;

namespace PllmML.Transforms.SingleCell;

/// <summary>
/// Highly variable genes, Seurat v3 flavour, as scanpy's <c>highly_variable_genes(flavor="seurat_v3", batch_key)</c>
/// computes them on raw counts: per batch, a loess (degree 2, span 0.3) of log10 variance on log10 mean gives each
/// gene's expected standard deviation σ; counts are clipped at mean + σ·√N and the variance of the standardised
/// clipped counts is the gene's normalised variance. Genes are ranked per batch (descending normalised variance),
/// ranks ≥ n are dropped, and genes sort by the median of their remaining ranks, then by the number of batches where
/// they are in the top n (descending); the first n are selected.
/// </summary>
/// <remarks>
/// Ties in a batch's ranking and in the final sort are broken by gene position (stable sorts); numpy's default
/// quicksort leaves them unspecified. The loess is the exact fit described in <see cref="Loess"/>.
/// Genes constant within a batch get normalised variance 0 there, as in scanpy.
/// </remarks>
public static class SeuratV3VariableGenes
{
    /// <summary>The default number of genes (scanpy's and Seurat's 2000).</summary>
    public const int DefaultTopGenes = 2000;

    /// <summary>Loess span scanpy uses.</summary>
    public const double Span = 0.3;

    /// <summary>Selects the top genes.</summary>
    /// <param name="counts">Raw counts, cells × genes.</param>
    /// <param name="batchOfCell">Each cell's batch, 0 … <paramref name="batchCount"/> − 1.</param>
    /// <param name="batchCount">Number of batches.</param>
    /// <param name="topGenes">How many genes to select; all genes when larger.</param>
    /// <exception cref="ArgumentException">A batch has fewer than two cells, or the inputs disagree in size.</exception>
    public static VariableGeneSelection Select(CsrMatrix counts, IReadOnlyList<int> batchOfCell, int batchCount, int topGenes = DefaultTopGenes)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(batchOfCell);
        if (batchOfCell.Count != counts.RowCount)
        {
            throw new ArgumentException($"{batchOfCell.Count} batch labels for {counts.RowCount} cells.", nameof(batchOfCell));
        }

        var genes = counts.ColumnCount;
        var means = new double[batchCount * genes];
        var variances = new double[batchCount * genes];
        var normVariances = new double[batchCount * genes];
        var cellsOfBatch = Enumerable.Range(0, batchCount)
            .Select(batch => Enumerable.Range(0, counts.RowCount).Where(cell => batchOfCell[cell] == batch).ToArray())
            .ToArray();
        for (var batch = 0; batch < batchCount; batch++)
        {
            if (cellsOfBatch[batch].Length < 2)
            {
                throw new ArgumentException($"Batch {batch} has {cellsOfBatch[batch].Length} cells; Seurat v3 gene selection needs at least 2 per batch.", nameof(batchOfCell));
            }
        }

        for (var batch = 0; batch < batchCount; batch++)
        {
            var cells = cellsOfBatch[batch];
            NormalisedVariances(counts, cells, means.AsSpan(batch * genes, genes), variances.AsSpan(batch * genes, genes), normVariances.AsSpan(batch * genes, genes));
        }

        return Combine(means, variances, normVariances, batchCount, genes, Math.Min(topGenes, genes));
    }

    private static void NormalisedVariances(CsrMatrix counts, int[] cells, Span<double> mean, Span<double> variance, Span<double> normVariance)
    {
        var n = cells.Length;
        var sum = new double[mean.Length];
        var sumSquares = new double[mean.Length];
        foreach (var cell in cells)
        {
            var columns = counts.RowColumns(cell);
            var values = counts.RowValues(cell);
            for (var k = 0; k < columns.Length; k++)
            {
                sum[columns[k]] += values[k];
                sumSquares[columns[k]] += (double)values[k] * values[k];
            }
        }

        for (var gene = 0; gene < mean.Length; gene++)
        {
            mean[gene] = sum[gene] / n;
            variance[gene] = Math.Max(0, (sumSquares[gene] - (n * mean[gene] * mean[gene])) / (n - 1));
        }

        var varyingList = new List<int>();
        for (var gene = 0; gene < mean.Length; gene++)
        {
            if (variance[gene] > 0)
            {
                varyingList.Add(gene);
            }
        }

        var varying = varyingList.ToArray();
        var logMean = new double[varying.Length];
        var logVariance = new double[varying.Length];
        for (var i = 0; i < varying.Length; i++)
        {
            logMean[i] = Math.Log10(mean[varying[i]]);
            logVariance[i] = Math.Log10(variance[varying[i]]);
        }

        var expected = new double[mean.Length];
        var fitted = Loess.Fit(logMean, logVariance, Span, 2);
        for (var i = 0; i < varying.Length; i++)
        {
            expected[varying[i]] = fitted[i];
        }

        var regStd = new double[mean.Length];
        var clip = new double[mean.Length];
        for (var gene = 0; gene < mean.Length; gene++)
        {
            regStd[gene] = Math.Sqrt(Math.Pow(10, expected[gene]));
            clip[gene] = (regStd[gene] * Math.Sqrt(n)) + mean[gene];
        }

        var clippedSum = new double[mean.Length];
        var clippedSquares = new double[mean.Length];
        foreach (var cell in cells)
        {
            var columns = counts.RowColumns(cell);
            var values = counts.RowValues(cell);
            for (var k = 0; k < columns.Length; k++)
            {
                var value = Math.Min(values[k], clip[columns[k]]);
                clippedSum[columns[k]] += value;
                clippedSquares[columns[k]] += value * value;
            }
        }

        for (var gene = 0; gene < mean.Length; gene++)
        {
            normVariance[gene] = ((n * mean[gene] * mean[gene]) + clippedSquares[gene] - (2 * clippedSum[gene] * mean[gene]))
                / ((n - 1) * regStd[gene] * regStd[gene]);
        }
    }

    private static VariableGeneSelection Combine(double[] means, double[] variances, double[] normVariances, int batchCount, int genes, int topGenes)
    {
        var nBatches = new int[genes];
        var ranks = new List<double>[genes];
        for (var gene = 0; gene < genes; gene++)
        {
            ranks[gene] = [];
        }

        for (var batch = 0; batch < batchCount; batch++)
        {
            var offset = batch * genes;
            var order = Enumerable.Range(0, genes).OrderByDescending(gene => normVariances[offset + gene]).ToArray();
            for (var rank = 0; rank < topGenes; rank++)
            {
                nBatches[order[rank]]++;
                ranks[order[rank]].Add(rank);
            }
        }

        var median = ranks.Select(Median).ToArray();
        var selected = Enumerable.Range(0, genes)
            .OrderBy(gene => double.IsNaN(median[gene]) ? 1 : 0)
            .ThenBy(gene => double.IsNaN(median[gene]) ? 0 : median[gene])
            .ThenByDescending(gene => nBatches[gene])
            .Take(topGenes)
            .Order()
            .ToArray();
        var meanNorm = new double[genes];
        for (var gene = 0; gene < genes; gene++)
        {
            for (var batch = 0; batch < batchCount; batch++)
            {
                meanNorm[gene] += normVariances[(batch * genes) + gene] / batchCount;
            }
        }

        return new VariableGeneSelection(means, variances, meanNorm, median, nBatches, selected);
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
