namespace PllmML.Data.Orthologs;

/// <summary>A CACIMAR ortholog table (Ensembl gene IDs plus symbols for two species, with an orthology type).</summary>
public sealed class CacimarTable
{
    /// <summary>Creates the table.</summary>
    /// <param name="filePath">The file the rows came from (empty when built in memory).</param>
    /// <param name="speciesA">The species-A prefix of the column names (<c>hs</c>).</param>
    /// <param name="speciesB">The species-B prefix (<c>mm</c>).</param>
    /// <param name="rows">The rows, in file order.</param>
    public CacimarTable(string filePath, string speciesA, string speciesB, IReadOnlyList<CacimarOrtholog> rows)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(speciesA);
        ArgumentNullException.ThrowIfNull(speciesB);
        ArgumentNullException.ThrowIfNull(rows);
        FilePath = filePath;
        SpeciesA = speciesA;
        SpeciesB = speciesB;
        Rows = rows;
    }

    /// <summary>The file the table was read from.</summary>
    public string FilePath { get; }

    /// <summary>The species-A prefix of the column names (<c>hs</c>).</summary>
    public string SpeciesA { get; }

    /// <summary>The species-B prefix of the column names (<c>mm</c>).</summary>
    public string SpeciesB { get; }

    /// <summary>The rows, in file order.</summary>
    public IReadOnlyList<CacimarOrtholog> Rows { get; }

    /// <summary>
    /// The symbol pairs as a pair table with columns <c>&lt;A&gt;_Symbol</c> and <c>&lt;B&gt;_Symbol</c> and no scores:
    /// each row gives every combination of its <see cref="CacimarOrtholog.SymbolsA"/> and
    /// <see cref="CacimarOrtholog.SymbolsB"/> (one pair for <c>1T1</c> rows), in row order.
    /// </summary>
    public GenePairTable ToPairTable() => new(
        SpeciesA + "_Symbol",
        SpeciesB + "_Symbol",
        Rows.SelectMany(row => row.SymbolsA.SelectMany(a => row.SymbolsB.Select(b => new GenePair(a, b))))
            .ToArray());

    /// <summary>Rows that lack the symbols of either species, so they give no pairs.</summary>
    public int RowsWithoutSymbols => Rows.Count(row => row.SymbolsA.Count == 0 || row.SymbolsB.Count == 0);
}
