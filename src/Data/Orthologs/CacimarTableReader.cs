namespace PllmML.Data.Orthologs;

/// <summary>
/// Reads CACIMAR ortholog tables (for example <c>OrthG_Hs_Mm.tsv</c>): columns <c>Type</c>, <c>&lt;a&gt;_ID</c>,
/// <c>&lt;a&gt;_Symbol</c>, <c>&lt;b&gt;_ID</c>, <c>&lt;b&gt;_Symbol</c> in any order (species A is the one whose
/// <c>_ID</c> column comes first), tab- or comma-separated, gzip allowed. An ID field that is just <c>NA</c> (R's
/// missing value, as <c>write.table</c> writes it) is read as an empty string; lists keep their items as written.
/// </summary>
public static class CacimarTableReader
{
    private const string IdSuffix = "_ID";
    private const string SymbolSuffix = "_Symbol";
    private const string Layout = "CACIMAR ortholog table";

    /// <summary>Reads the whole table.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="DataFormatException">
    /// The file is empty, the header is not a CACIMAR header (the message lists the columns found), or a row has the
    /// wrong number of fields.
    /// </exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static CacimarTable Read(string path)
    {
        using var table = DelimitedTable.Open(path);
        return Read(table);
    }

    /// <summary>Whether the header has a <c>Type</c> column and exactly two species with <c>_ID</c> and <c>_Symbol</c>.</summary>
    internal static bool Matches(IReadOnlyList<string> header) =>
        header.Any(name => string.Equals(name.Trim(), "Type", StringComparison.OrdinalIgnoreCase))
        && FindSpecies(header) is { Count: 2 } species
        && species.All(prefix => header.Any(name => IsColumn(name, prefix, SymbolSuffix)));

    /// <summary>
    /// Whether the header is close to a CACIMAR header without being one (four of its five kinds of column: a
    /// one-letter typo). Such a table must not be read as another layout: its first two columns would become a
    /// wrong gene-pair table (<c>Type → hs_ID</c>).
    /// </summary>
    internal static bool AlmostMatches(IReadOnlyList<string> header)
    {
        var names = header.Select(name => name.Trim()).ToList();
        var score = (names.Any(name => string.Equals(name, "Type", StringComparison.OrdinalIgnoreCase)) ? 1 : 0)
            + Math.Min(2, FindSpecies(header).Count)
            + Math.Min(2, names.Count(name => name.EndsWith(SymbolSuffix, StringComparison.OrdinalIgnoreCase) && name.Length > SymbolSuffix.Length));
        return score >= 4 && !Matches(header);
    }

    /// <summary>The error for a header that <see cref="AlmostMatches"/>.</summary>
    internal static DataFormatException AlmostError(DelimitedTable table) => table.HeaderError(
        $"the header looks like a {Layout} but is not one (a misspelt column?); a {Layout} needs the columns Type, "
        + $"<a>{IdSuffix}, <a>{SymbolSuffix}, <b>{IdSuffix}, <b>{SymbolSuffix}; rename the columns, or give a two-column gene-pair table");

    internal static CacimarTable Read(DelimitedTable table)
    {
        if (!Matches(table.Header))
        {
            throw table.HeaderError(
                $"a {Layout} needs the columns Type, <a>{IdSuffix}, <a>{SymbolSuffix}, <b>{IdSuffix}, <b>{SymbolSuffix}");
        }

        var species = FindSpecies(table.Header);
        var type = table.RequireColumn("Type", Layout);
        var idA = table.RequireColumn(species[0] + IdSuffix, Layout);
        var symbolA = table.RequireColumn(species[0] + SymbolSuffix, Layout);
        var idB = table.RequireColumn(species[1] + IdSuffix, Layout);
        var symbolB = table.RequireColumn(species[1] + SymbolSuffix, Layout);
        var rows = new List<CacimarOrtholog>();
        while (table.TryReadRow(out var fields))
        {
            rows.Add(new CacimarOrtholog(
                fields[type],
                GeneId(fields[idA]),
                fields[symbolA],
                GeneId(fields[idB]),
                fields[symbolB],
                table.LineNumber));
        }

        return new CacimarTable(table.FilePath, species[0], species[1], rows);
    }

    private static List<string> FindSpecies(IReadOnlyList<string> header) => header
        .Select(name => name.Trim())
        .Where(name => name.EndsWith(IdSuffix, StringComparison.OrdinalIgnoreCase) && name.Length > IdSuffix.Length)
        .Select(name => name[..^IdSuffix.Length])
        .ToList();

    private static string GeneId(string field) => field == "NA" ? string.Empty : field;

    private static bool IsColumn(string name, string prefix, string suffix) =>
        string.Equals(name.Trim(), prefix + suffix, StringComparison.OrdinalIgnoreCase);
}
