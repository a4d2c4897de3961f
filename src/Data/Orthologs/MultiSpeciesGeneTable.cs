namespace PllmML.Data.Orthologs;

/// <summary>
/// A table of genes across three or more species in file order, like the seed project's
/// <c>Generate_Homologue_Table/&lt;strategy&gt;/human_mice_pig.csv</c>
/// (<c>human gene name,mice gene name,pig gene name</c>): the species gene columns, and one gene per species in
/// each row.
/// </summary>
public sealed class MultiSpeciesGeneTable
{
    /// <summary>Creates the table.</summary>
    /// <param name="speciesColumns">The gene column names, in order (for example <c>human gene name</c>).</param>
    /// <param name="rows">The rows, in order; each has one gene per species column.</param>
    /// <exception cref="ArgumentException">
    /// There are fewer than two columns, a name repeats, or a row has the wrong number of genes.
    /// </exception>
    public MultiSpeciesGeneTable(IReadOnlyList<string> speciesColumns, IReadOnlyList<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(speciesColumns);
        ArgumentNullException.ThrowIfNull(rows);
        SpeciesColumns = [.. speciesColumns];
        Rows = rows.ToArray();
        Validate();
    }

    /// <summary>The gene column names, in file order.</summary>
    public IReadOnlyList<string> SpeciesColumns { get; }

    /// <summary>The rows in file order; each holds one gene per <see cref="SpeciesColumns"/> entry.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>The number of rows.</summary>
    public int Count => Rows.Count;

    /// <summary>The genes of one species column, in row order.</summary>
    /// <param name="column">The 0-based column index.</param>
    /// <exception cref="ArgumentOutOfRangeException">No such column.</exception>
    public IReadOnlyList<string> GetGenes(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, SpeciesColumns.Count);
        return Rows.Select(row => row[column]).ToArray();
    }

    /// <summary>The genes of one species column, in row order.</summary>
    /// <param name="speciesColumn">The column name, exactly as in <see cref="SpeciesColumns"/>.</param>
    /// <exception cref="KeyNotFoundException">No such column; the message lists the columns.</exception>
    public IReadOnlyList<string> GetGenes(string speciesColumn)
    {
        for (var column = 0; column < SpeciesColumns.Count; column++)
        {
            if (SpeciesColumns[column] == speciesColumn)
            {
                return GetGenes(column);
            }
        }

        throw new KeyNotFoundException(
            $"No species column '{speciesColumn}'; the table has: {string.Join(", ", SpeciesColumns)}.");
    }

    /// <summary>
    /// The pairs between two species columns, one per row in row order (duplicates kept), without scores.
    /// </summary>
    /// <param name="columnA">The 0-based index of the species-A column.</param>
    /// <param name="columnB">The 0-based index of the species-B column.</param>
    /// <exception cref="ArgumentOutOfRangeException">No such column.</exception>
    /// <exception cref="ArgumentException">Both indices are the same.</exception>
    public GenePairTable ToPairTable(int columnA, int columnB)
    {
        var genesA = GetGenes(columnA);
        var genesB = GetGenes(columnB);
        if (columnA == columnB)
        {
            throw new ArgumentException("The two species columns must differ.", nameof(columnB));
        }

        return new GenePairTable(
            SpeciesColumns[columnA],
            SpeciesColumns[columnB],
            genesA.Select((gene, row) => new GenePair(gene, genesB[row])).ToArray());
    }

    /// <summary>The pairs between the first two species columns (see <see cref="ToPairTable(int, int)"/>).</summary>
    public GenePairTable ToPairTable() => ToPairTable(0, 1);

    /// <summary>Counts, per species column, the distinct genes and the rows whose gene repeats.</summary>
    /// <returns>One summary per column, in column order.</returns>
    public IReadOnlyList<SpeciesColumnSummary> SummarizeColumns() =>
        SpeciesColumns.Select((name, column) => SpeciesColumnSummary.Compute(name, GetGenes(column))).ToArray();

    private void Validate()
    {
        if (SpeciesColumns.Count < 2)
        {
            throw new ArgumentException(
                $"A multi-species table needs at least two species columns, not {SpeciesColumns.Count}.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in SpeciesColumns)
        {
            if (!names.Add(name ?? throw new ArgumentException("A species column name is null.")))
            {
                throw new ArgumentException($"The column name '{name}' occurs twice.");
            }
        }

        for (var row = 0; row < Rows.Count; row++)
        {
            if (Rows[row]?.Length != SpeciesColumns.Count)
            {
                throw new ArgumentException(
                    $"Row {row} has {Rows[row]?.Length ?? 0} genes for {SpeciesColumns.Count} species columns.");
            }
        }
    }
}
