namespace PllmML.Data.Orthologs;

/// <summary>
/// Reads an ortholog table of any supported layout, detected from its header line (see <see cref="DetectKind"/>).
/// The layout-specific readers are <see cref="BiomartTableReader"/>, <see cref="CacimarTableReader"/> and
/// <see cref="GenePairTableReader"/>.
/// </summary>
public static class OrthologTableReader
{
    /// <summary>Reads the table, detecting its layout.</summary>
    /// <param name="path">The file (tab- or comma-separated; gzip allowed).</param>
    /// <exception cref="DataFormatException">The file is empty or not valid for its detected layout.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static OrthologTable Read(string path)
    {
        using var table = DelimitedTable.Open(path);
        return Detect(table.Header) switch
        {
            OrthologTableKind.Biomart => OrthologTable.FromBiomart(BiomartTableReader.Read(table)),
            OrthologTableKind.Cacimar => OrthologTable.FromCacimar(CacimarTableReader.Read(table)),
            _ => OrthologTable.FromPairs(table.FilePath, GenePairTableReader.Read(table)),
        };
    }

    /// <summary>
    /// Detects the layout from the header line alone. The delimiter is a tab when the header holds one, else a comma.
    /// Then, in order: a column named <c>&lt;Species&gt; homology type</c> means <see cref="OrthologTableKind.Biomart"/>;
    /// a <c>Type</c> column with two species' <c>_ID</c> and <c>_Symbol</c> columns means
    /// <see cref="OrthologTableKind.Cacimar"/>; anything else is read as <see cref="OrthologTableKind.GenePairs"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <exception cref="DataFormatException">The file is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static OrthologTableKind DetectKind(string path)
    {
        using var table = DelimitedTable.Open(path);
        return Detect(table.Header);
    }

    private static OrthologTableKind Detect(IReadOnlyList<string> header)
    {
        if (BiomartTableReader.Matches(header))
        {
            return OrthologTableKind.Biomart;
        }

        return CacimarTableReader.Matches(header) ? OrthologTableKind.Cacimar : OrthologTableKind.GenePairs;
    }
}
