namespace PllmML.Data.Orthologs;

/// <summary>
/// Reads Ensembl BioMart homologue exports (tab- or comma-separated, gzip allowed). Columns are found by their
/// header names for any target species, in any order: required are <c>Gene name</c>, <c>&lt;S&gt; gene name</c>,
/// <c>&lt;S&gt; homology type</c>, both <c>%id.</c> columns and <c>&lt;S&gt; orthology confidence [0 low, 1 high]</c>;
/// optional are <c>Gene stable ID</c>, <c>&lt;S&gt; gene stable ID</c>, <c>&lt;S&gt; Gene-order conservation score</c>
/// and <c>&lt;S&gt; Whole-genome alignment coverage</c>. Header names match case-insensitively.
/// </summary>
public static class BiomartTableReader
{
    private const string Layout = "BioMart homologue table";
    private const string QueryGeneColumn = "Gene name";
    private const string HomologyTypeSuffix = " homology type";

    /// <summary>Reads the whole table.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Every row in file order, with its line number. Empty numeric fields are NaN (confidence: null).</returns>
    /// <exception cref="DataFormatException">
    /// The file is empty, a required column is missing (the message lists the columns found), a row has the wrong
    /// number of fields, or a numeric field is not a number (the message names the line and the column).
    /// </exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static BiomartTable Read(string path)
    {
        using var table = DelimitedTable.Open(path);
        return Read(table);
    }

    /// <summary>Whether the header is a BioMart homologue header (it has a <c>&lt;S&gt; homology type</c> column).</summary>
    internal static bool Matches(IReadOnlyList<string> header) => FindTargetSpecies(header).Count > 0;

    internal static BiomartTable Read(DelimitedTable table)
    {
        var columns = FindColumns(table);
        var rows = new List<BiomartHomolog>();
        while (table.TryReadRow(out var fields))
        {
            rows.Add(ReadRow(table, fields, columns));
        }

        return new BiomartTable(
            table.FilePath, table.Header[columns.QueryGene], table.Header[columns.TargetGene], rows);
    }

    private static BiomartHomolog ReadRow(DelimitedTable table, IReadOnlyList<string> fields, Columns columns)
    {
        var typeName = fields[columns.HomologyType].Trim();
        return new BiomartHomolog
        {
            LineNumber = table.LineNumber,
            QueryGeneId = DelimitedTable.Text(fields, columns.QueryGeneId),
            QueryGene = fields[columns.QueryGene],
            TargetGeneId = DelimitedTable.Text(fields, columns.TargetGeneId),
            TargetGene = fields[columns.TargetGene],
            HomologyType = ParseHomologyType(typeName),
            HomologyTypeName = typeName,
            TargetIdentity = table.ParseDouble(fields, columns.TargetIdentity),
            QueryIdentity = table.ParseDouble(fields, columns.QueryIdentity),
            GeneOrderConservation = table.ParseDouble(fields, columns.GeneOrderConservation),
            WholeGenomeAlignmentCoverage = table.ParseDouble(fields, columns.WholeGenomeAlignmentCoverage),
            Confidence = table.ParseInt(fields, columns.Confidence),
        };
    }

    /// <summary>Maps BioMart's homology type text to the enum.</summary>
    /// <param name="text">The field, for example <c>ortholog_one2many</c>.</param>
    public static HomologyType ParseHomologyType(string text) => text switch
    {
        "" => HomologyType.None,
        "ortholog_one2one" => HomologyType.OneToOne,
        "ortholog_one2many" => HomologyType.OneToMany,
        "ortholog_many2many" => HomologyType.ManyToMany,
        _ => HomologyType.Other,
    };

    private static Columns FindColumns(DelimitedTable table)
    {
        var species = FindTargetSpecies(table.Header);
        if (species.Count != 1)
        {
            throw table.HeaderError(species.Count == 0
                ? $"a {Layout} needs a '<Species>{HomologyTypeSuffix}' column, which is missing"
                : $"a {Layout} must have one target species, but it has {species.Count}: {string.Join(", ", species)}");
        }

        var s = species[0];
        return new Columns(
            table.FindColumn("Gene stable ID"),
            table.RequireColumn(QueryGeneColumn, Layout),
            table.FindColumn($"{s} gene stable ID"),
            table.RequireColumn($"{s} gene name", Layout),
            table.RequireColumn(s + HomologyTypeSuffix, Layout),
            table.RequireColumn($"%id. target {s} gene identical to query gene", Layout),
            table.RequireColumn($"%id. query gene identical to target {s} gene", Layout),
            table.FindColumn($"{s} Gene-order conservation score"),
            table.FindColumn($"{s} Whole-genome alignment coverage"),
            table.RequireColumn($"{s} orthology confidence [0 low, 1 high]", Layout));
    }

    private static List<string> FindTargetSpecies(IReadOnlyList<string> header) => header
        .Select(name => name.Trim())
        .Where(name => name.EndsWith(HomologyTypeSuffix, StringComparison.OrdinalIgnoreCase)
            && name.Length > HomologyTypeSuffix.Length)
        .Select(name => name[..^HomologyTypeSuffix.Length])
        .ToList();

    private sealed record Columns(
        int QueryGeneId,
        int QueryGene,
        int TargetGeneId,
        int TargetGene,
        int HomologyType,
        int TargetIdentity,
        int QueryIdentity,
        int GeneOrderConservation,
        int WholeGenomeAlignmentCoverage,
        int Confidence);
}
