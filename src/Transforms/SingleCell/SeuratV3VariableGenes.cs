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

        var accumulator = new Accumulator(counts.ColumnCount, batchOfCell, batchCount);
        while (!accumulator.IsComplete)
        {
            for (var cell = 0; cell < counts.RowCount; cell++)
            {
                accumulator.Add(counts.RowColumns(cell), counts.RowValues(cell));
            }

            accumulator.EndPass();
        }

        return accumulator.Finish(topGenes);
    }

    /// <summary>
    /// The selection from cells streamed one at a time in two passes over the same cells in the same order (the
    /// per-batch sums and squares; then, after each batch's loess, the clipped sums): the sums of
    /// <see cref="Select"/> in the same order, with no cells × genes matrix held. Memory: a few batches × genes arrays.
    /// </summary>
    internal sealed class Accumulator
    {
        private readonly int _genes;
        private readonly IReadOnlyList<int> _batchOfCell;
        private readonly int _batchCount;
        private readonly long[] _cellsOfBatch;
        private readonly double[] _sum;
        private readonly double[] _squares;
        private readonly double[] _means;
        private readonly double[] _variances;
        private readonly double[] _normVariances;
        private double[] _clip = [];
        private double[] _regStd = [];
        private int _cell;

        /// <summary>Starts the first pass.</summary>
        /// <param name="genes">Genes per cell.</param>
        /// <param name="batchOfCell">Each cell's batch, in the order the cells will come.</param>
        /// <param name="batchCount">Number of batches.</param>
        /// <exception cref="ArgumentException">A batch has fewer than two cells.</exception>
        public Accumulator(int genes, IReadOnlyList<int> batchOfCell, int batchCount)
        {
            _genes = genes;
            _batchOfCell = batchOfCell;
            _batchCount = batchCount;
            _cellsOfBatch = new long[batchCount];
            foreach (var batch in batchOfCell)
            {
                // A label outside 0 … batchCount − 1 puts the cell in no batch.
                if ((uint)batch < (uint)batchCount)
                {
                    _cellsOfBatch[batch]++;
                }
            }

            for (var batch = 0; batch < batchCount; batch++)
            {
                if (_cellsOfBatch[batch] < 2)
                {
                    throw new ArgumentException($"Batch {batch} has {_cellsOfBatch[batch]} cells; Seurat v3 gene selection needs at least 2 per batch.", nameof(batchOfCell));
                }
            }

            var size = checked(batchCount * genes);
            _sum = new double[size];
            _squares = new double[size];
            _means = new double[size];
            _variances = new double[size];
            _normVariances = new double[size];
        }

        /// <summary>The pass now being fed: 0 (sums), 1 (clipped sums); 2 once complete.</summary>
        public int Pass { get; private set; }

        /// <summary>Whether both passes are done.</summary>
        public bool IsComplete => Pass == 2;

        /// <summary>Adds the next cell's stored counts to the current pass.</summary>
        /// <param name="columns">The genes of the cell's stored counts.</param>
        /// <param name="values">The counts, one per entry of <paramref name="columns"/>.</param>
        public void Add(ReadOnlySpan<int> columns, ReadOnlySpan<float> values)
        {
            if (IsComplete)
            {
                throw new InvalidOperationException("Both passes are done.");
            }

            if (_cell >= _batchOfCell.Count)
            {
                throw new InvalidOperationException($"More cells than the {_batchOfCell.Count} batch labels.");
            }

            var batch = _batchOfCell[_cell++];
            if ((uint)batch >= (uint)_batchCount)
            {
                return;
            }

            var offset = batch * _genes;
            var sum = _sum.AsSpan(offset, _genes);
            var squares = _squares.AsSpan(offset, _genes);
            if (Pass == 0)
            {
                for (var k = 0; k < columns.Length; k++)
                {
                    sum[columns[k]] += values[k];
                    squares[columns[k]] += (double)values[k] * values[k];
                }
            }
            else
            {
                var clip = _clip.AsSpan(offset, _genes);
                for (var k = 0; k < columns.Length; k++)
                {
                    var value = Math.Min(values[k], clip[columns[k]]);
                    sum[columns[k]] += value;
                    squares[columns[k]] += value * value;
                }
            }
        }

        /// <summary>Ends the current pass.</summary>
        /// <exception cref="InvalidOperationException">The pass saw a different number of cells than there are batch labels.</exception>
        public void EndPass()
        {
            if (_cell != _batchOfCell.Count)
            {
                throw new InvalidOperationException($"Pass {Pass} saw {_cell} cells for {_batchOfCell.Count} batch labels: the data changed between two reads.");
            }

            if (Pass == 0)
            {
                _clip = new double[_sum.Length];
                _regStd = new double[_sum.Length];
                for (var batch = 0; batch < _batchCount; batch++)
                {
                    var offset = batch * _genes;
                    Moments(
                        _cellsOfBatch[batch], _sum.AsSpan(offset, _genes), _squares.AsSpan(offset, _genes), _means.AsSpan(offset, _genes),
                        _variances.AsSpan(offset, _genes), _regStd.AsSpan(offset, _genes), _clip.AsSpan(offset, _genes));
                }

                Array.Clear(_sum);
                Array.Clear(_squares);
            }
            else if (Pass == 1)
            {
                for (var batch = 0; batch < _batchCount; batch++)
                {
                    var n = _cellsOfBatch[batch];
                    for (var gene = 0; gene < _genes; gene++)
                    {
                        var i = (batch * _genes) + gene;
                        var mean = _means[i];
                        _normVariances[i] = ((n * mean * mean) + _squares[i] - (2 * _sum[i] * mean)) / ((n - 1) * _regStd[i] * _regStd[i]);
                    }
                }
            }
            else
            {
                throw new InvalidOperationException("Both passes are done.");
            }

            _cell = 0;
            Pass++;
        }

        /// <summary>The selection, after both passes.</summary>
        /// <param name="topGenes">How many genes to select; all genes when larger.</param>
        public VariableGeneSelection Finish(int topGenes)
        {
            if (!IsComplete)
            {
                throw new InvalidOperationException($"Pass {Pass} of 2 is not done.");
            }

            return Combine(_means, _variances, _normVariances, _batchCount, _genes, Math.Min(topGenes, _genes));
        }

        private static void Moments(long n, ReadOnlySpan<double> sum, ReadOnlySpan<double> sumSquares, Span<double> mean, Span<double> variance, Span<double> regStd, Span<double> clip)
        {
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

            for (var gene = 0; gene < mean.Length; gene++)
            {
                regStd[gene] = Math.Sqrt(Math.Pow(10, expected[gene]));
                clip[gene] = (regStd[gene] * Math.Sqrt(n)) + mean[gene];
            }
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
