using PllmML.Data;
using PllmML.Kernels.Statistics;

namespace PllmML.Comparative;

/// <summary>
/// One species' labelled cells, log-normalised (Seurat's LogNormalize in double precision) and stored by gene:
/// each gene's non-zero values and the positions of their cells.
/// </summary>
public sealed class SpeciesExpression
{
    private SpeciesExpression(string species, int[] cells, string[] labels, string[] genes, int[] genePointers, int[] cellIndices, double[] values)
    {
        Species = species;
        Cells = cells;
        Labels = labels;
        Genes = genes;
        GenePointers = genePointers;
        CellIndices = cellIndices;
        Values = values;
        CellTypes = [.. labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var index = CellTypes.Select((type, i) => (type, i)).ToDictionary(p => p.type, p => p.i, StringComparer.Ordinal);
        Groups = [.. labels.Select(label => index[label])];
        var sizes = new int[CellTypes.Count];
        foreach (var group in Groups)
        {
            sizes[group]++;
        }

        GroupSizes = sizes;
    }

    /// <summary>The species.</summary>
    public string Species { get; }

    /// <summary>The rows of these cells in the input.</summary>
    public IReadOnlyList<int> Cells { get; }

    /// <summary>The cell type of each cell.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The genes (the input's features).</summary>
    public IReadOnlyList<string> Genes { get; }

    /// <summary>The species' cell types, ordinal order.</summary>
    public IReadOnlyList<string> CellTypes { get; }

    /// <summary>The group (position in <see cref="CellTypes"/>) of each cell.</summary>
    public IReadOnlyList<int> Groups { get; }

    /// <summary>Cells per type.</summary>
    public IReadOnlyList<int> GroupSizes { get; }

    internal int[] GenePointers { get; }

    internal int[] CellIndices { get; }

    internal double[] Values { get; }

    /// <summary>The cells of a species with a label, log-normalised.</summary>
    /// <param name="matrix">X: raw counts, or log-normalised values when <paramref name="logNormalized"/>.</param>
    /// <param name="species">The species.</param>
    /// <param name="rows">Its rows of X.</param>
    /// <param name="labels">The cell type of each row.</param>
    /// <param name="genes">The gene names.</param>
    /// <param name="logNormalized">X is already log-normalised.</param>
    /// <param name="targetSum">Counts per cell after normalisation.</param>
    public static SpeciesExpression Create(
        CsrMatrix matrix, string species, IReadOnlyList<int> rows, IReadOnlyList<string> labels, IReadOnlyList<string> genes, bool logNormalized, double targetSum)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(genes);
        var geneCount = matrix.ColumnCount;
        var pointers = new int[geneCount + 1];
        foreach (var row in rows)
        {
            foreach (var column in matrix.RowColumns(row))
            {
                pointers[column + 1]++;
            }
        }

        for (var g = 0; g < geneCount; g++)
        {
            pointers[g + 1] += pointers[g];
        }

        var next = pointers[..^1].ToArray();
        var cellIndices = new int[pointers[geneCount]];
        var values = new double[pointers[geneCount]];
        for (var cell = 0; cell < rows.Count; cell++)
        {
            var columns = matrix.RowColumns(rows[cell]);
            var rowValues = matrix.RowValues(rows[cell]);
            var total = 0.0;
            foreach (var v in rowValues)
            {
                total += v;
            }

            for (var k = 0; k < columns.Length; k++)
            {
                var value = logNormalized ? rowValues[k] : AccurateMath.LogOnePlus(rowValues[k] / total * targetSum);
                var slot = next[columns[k]]++;
                cellIndices[slot] = cell;
                values[slot] = value;
            }
        }

        return new SpeciesExpression(species, [.. rows], [.. labels], [.. genes], pointers, cellIndices, values);
    }

    /// <summary>The log-normalised value of every cell for one gene (zeros included).</summary>
    /// <param name="gene">The gene's position.</param>
    public double[] DenseGene(int gene)
    {
        var dense = new double[Cells.Count];
        for (var k = GenePointers[gene]; k < GenePointers[gene + 1]; k++)
        {
            dense[CellIndices[k]] = Values[k];
        }

        return dense;
    }
}
