using PllmML.Kernels.Statistics;

namespace PllmML.Comparative;

/// <summary>
/// Every cell type against the rest of its species, every gene (Seurat's FindAllMarkers with <c>test.use = "wilcox"</c>):
/// Wilcoxon rank-sum p-values by the sparse one-versus-rest kernel, avg_log2FC with pseudocount 1, pct.1/pct.2,
/// Benjamini–Hochberg and Bonferroni.
/// </summary>
public static class DifferentialExpression
{
    /// <summary>The markers of every type of the species with at least <see cref="ComparativeOptions.MinimumCells"/> cells.</summary>
    /// <param name="expression">The species' log-normalised cells.</param>
    /// <param name="options">Filters and minimum cells.</param>
    public static SpeciesMarkers FindAllMarkers(SpeciesExpression expression, ComparativeOptions options)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(options);
        var types = expression.CellTypes.Count;
        var genes = expression.Genes.Count;
        var cells = expression.Cells.Count;
        var sizes = expression.GroupSizes.ToArray();
        var groupOfCell = expression.Groups.ToArray();
        var p = new double[types * genes];
        var logFc = new double[types * genes];
        var pctIn = new double[types * genes];
        var pctOut = new double[types * genes];
        var meanIn = new double[types * genes];
        Parallel.For(
            0,
            genes,
            () => (new RankSumWorkspace(), new RankSumResult[types], Array.Empty<int>(), new double[types], new double[types], new int[types], new double[types]),
            (gene, _, state) =>
            {
                var (workspace, results, groups, expSum, logSum, detected, __) = state;
                var (start, end) = (expression.GenePointers[gene], expression.GenePointers[gene + 1]);
                var count = end - start;
                if (groups.Length < count)
                {
                    groups = new int[Math.Max(count, groups.Length * 2)];
                }

                Array.Clear(expSum);
                Array.Clear(logSum);
                Array.Clear(detected);
                var (totalExp, totalDetected) = (0.0, 0);
                for (var k = 0; k < count; k++)
                {
                    var group = groupOfCell[expression.CellIndices[start + k]];
                    groups[k] = group;
                    var value = expression.Values[start + k];
                    var linear = AccurateMath.ExpMinusOne(value);
                    expSum[group] += linear;
                    logSum[group] += value;
                    totalExp += linear;
                    if (value > 0)
                    {
                        detected[group]++;
                        totalDetected++;
                    }
                }

                WilcoxonRankSum.OneVersusRest(expression.Values.AsSpan(start, count), groups.AsSpan(0, count), sizes, results, true, workspace);
                for (var t = 0; t < types; t++)
                {
                    var slot = (t * genes) + gene;
                    var outCells = cells - sizes[t];
                    var meanInLinear = expSum[t] / sizes[t];
                    var meanOutLinear = outCells == 0 ? double.NaN : (totalExp - expSum[t]) / outCells;
                    p[slot] = results[t].PValue;
                    logFc[slot] = Math.Log2(meanInLinear + 1) - Math.Log2(meanOutLinear + 1);
                    pctIn[slot] = (double)detected[t] / sizes[t];
                    pctOut[slot] = outCells == 0 ? double.NaN : (double)(totalDetected - detected[t]) / outCells;
                    meanIn[slot] = logSum[t] / sizes[t];
                }

                return (workspace, results, groups, expSum, logSum, detected, __);
            },
            _ => { });

        var counts = expression.CellTypes.Select((type, t) => (type, sizes[t])).ToDictionary(x => x.type, x => x.Item2, StringComparer.Ordinal);
        var markers = new Dictionary<string, IReadOnlyList<GeneMarker>>(StringComparer.Ordinal);
        for (var t = 0; t < types; t++)
        {
            if (sizes[t] < options.MinimumCells || cells - sizes[t] < options.MinimumCells)
            {
                continue;
            }

            var kept = Enumerable.Range(0, genes).Where(gene =>
            {
                var slot = (t * genes) + gene;
                return !double.IsNaN(p[slot])
                    && Math.Max(pctIn[slot], pctOut[slot]) >= options.MinimumPct
                    && Math.Abs(logFc[slot]) >= options.LogFcThreshold;
            }).ToArray();
            var keptP = kept.Select(gene => p[(t * genes) + gene]).ToArray();
            var fdr = MultipleTesting.BenjaminiHochberg(keptP);
            var bonferroni = MultipleTesting.Bonferroni(keptP, genes);
            var type = expression.CellTypes[t];
            markers[type] = kept.Select((gene, i) =>
            {
                var slot = (t * genes) + gene;
                return new GeneMarker(type, expression.Genes[gene], p[slot], logFc[slot], pctIn[slot], pctOut[slot], meanIn[slot], fdr[i], bonferroni[i]);
            }).OrderBy(m => m.PValue).ThenByDescending(m => m.LogFoldChange).ThenBy(m => m.Gene, StringComparer.Ordinal).ToList();
        }

        return new SpeciesMarkers(expression.Species, counts, markers);
    }
}
