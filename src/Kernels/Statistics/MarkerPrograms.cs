namespace PllmML.Kernels.Statistics;

/// <summary>
/// A cell type's marker program: the genes most raised in the type's cells over the rest of the training cells (mean
/// log-normalised expression of the type minus that of all other cells), among genes detected in at least half of the
/// type's cells; and a cell's score on a program, its mean log-normalised expression of the program's genes.
/// </summary>
public static class MarkerPrograms
{
    /// <summary>The smallest share of a type's cells that must detect a gene for it to mark the type.</summary>
    public const double MinimumDetection = 0.5;

    /// <summary>The top genes of each type by mean log-normalised expression over the other cells' mean.</summary>
    /// <param name="sums">Types × genes, row-major: the sum over each type's cells of the log-normalised value.</param>
    /// <param name="detected">Types × genes: how many of each type's cells have a non-zero value.</param>
    /// <param name="cells">Per type, its number of cells.</param>
    /// <param name="genes">The number of genes.</param>
    /// <param name="size">Genes per program.</param>
    /// <returns>Per type, its marker genes, strongest first (empty for a type without cells or without another type).</returns>
    /// <exception cref="ArgumentException">Inputs of inconsistent lengths.</exception>
    public static int[][] Select(ReadOnlySpan<double> sums, ReadOnlySpan<int> detected, ReadOnlySpan<int> cells, int genes, int size)
    {
        var types = cells.Length;
        if (sums.Length != types * genes || detected.Length != types * genes)
        {
            throw new ArgumentException($"Expected {types} × {genes} sums and detection counts, got {sums.Length} and {detected.Length}.", nameof(sums));
        }

        var totalCells = 0;
        var totals = new double[genes];
        for (var type = 0; type < types; type++)
        {
            totalCells += cells[type];
            for (var gene = 0; gene < genes; gene++)
            {
                totals[gene] += sums[(type * genes) + gene];
            }
        }

        var result = new int[types][];
        var gain = new double[genes];
        for (var type = 0; type < types; type++)
        {
            var own = cells[type];
            var rest = totalCells - own;
            if (own == 0 || rest == 0)
            {
                result[type] = [];
                continue;
            }

            var candidates = new List<int>();
            for (var gene = 0; gene < genes; gene++)
            {
                var sum = sums[(type * genes) + gene];
                gain[gene] = (sum / own) - ((totals[gene] - sum) / rest);
                if (detected[(type * genes) + gene] >= MinimumDetection * own)
                {
                    candidates.Add(gene);
                }
            }

            // Strongest first; ties keep the lower gene index (a stable order on every machine).
            candidates.Sort((a, b) => gain[b] != gain[a] ? gain[b].CompareTo(gain[a]) : a.CompareTo(b));
            result[type] = [.. candidates.Take(size)];
        }

        return result;
    }

    /// <summary>A cell's mean value over a program's genes that were measured; NaN when none was.</summary>
    /// <param name="values">The cell's log-normalised values by gene.</param>
    /// <param name="program">The program's genes.</param>
    /// <param name="measured">Which genes the query measured; null for all.</param>
    public static double Score(ReadOnlySpan<float> values, ReadOnlySpan<int> program, ReadOnlySpan<bool> measured = default)
    {
        double sum = 0;
        var count = 0;
        foreach (var gene in program)
        {
            if (measured.IsEmpty || measured[gene])
            {
                sum += values[gene];
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }
}
