namespace PllmML.Data.Orthologs;

/// <summary>
/// Reads an ortholog table of any supported layout, detected from its header line (see <see cref="DetectKind"/>).
/// The layout-specific readers are <see cref="BiomartTableReader"/>, <see cref="CacimarTableReader"/>,
/// <see cref="MultiSpeciesGeneTableReader"/> and <see cref="GenePairTableReader"/>.
/// </summary>
public static class OrthologTableReader
{
    private const string NotATable = "not an ortholog table: ";

    /// <summary>Reads the table, detecting its layout.</summary>
    /// <param name="path">The file (tab- or comma-separated; gzip allowed).</param>
    /// <exception cref="DataFormatException">
    /// The file is empty, does not look like a table (see <see cref="DetectKind"/>), or is not valid for its detected
    /// layout.
    /// </exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static OrthologTable Read(string path)
    {
        using var table = DelimitedTable.Open(path);
        return Detect(table) switch
        {
            OrthologTableKind.Biomart => OrthologTable.FromBiomart(BiomartTableReader.Read(table)),
            OrthologTableKind.Cacimar => OrthologTable.FromCacimar(CacimarTableReader.Read(table)),
            OrthologTableKind.MultiSpecies =>
                OrthologTable.FromMultiSpecies(table.FilePath, MultiSpeciesGeneTableReader.Read(table)),
            _ => OrthologTable.FromPairs(table.FilePath, GenePairTableReader.Read(table)),
        };
    }

    /// <summary>
    /// Detects the layout from the header line, after checking that the file looks like a table at all: the header
    /// must have at least two columns, and the first data line (blank lines skipped), when there is one, must have
    /// as many fields as the header. The delimiter is a tab when the header holds one, else a comma. Then, in order:
    /// a column named <c>&lt;Species&gt; homology type</c> means <see cref="OrthologTableKind.Biomart"/>;
    /// a <c>Type</c> column with two species' <c>_ID</c> and <c>_Symbol</c> columns means
    /// <see cref="OrthologTableKind.Cacimar"/>; three or more columns whose names end with <c>gene name</c>
    /// (case-insensitive) mean <see cref="OrthologTableKind.MultiSpecies"/>; anything else is read as
    /// <see cref="OrthologTableKind.GenePairs"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <exception cref="DataFormatException">
    /// The file is empty, or it is not an ortholog table (the header has fewer than two columns, or the first data
    /// line's field count differs from the header's); the message names the file and the line.
    /// </exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static OrthologTableKind DetectKind(string path)
    {
        using var table = DelimitedTable.Open(path);
        return Detect(table);
    }

    private static OrthologTableKind Detect(DelimitedTable table)
    {
        CheckShape(table);
        var header = table.Header;
        if (BiomartTableReader.Matches(header))
        {
            return OrthologTableKind.Biomart;
        }

        if (CacimarTableReader.Matches(header))
        {
            return OrthologTableKind.Cacimar;
        }

        if (CacimarTableReader.AlmostMatches(header))
        {
            throw CacimarTableReader.AlmostError(table);
        }

        return MultiSpeciesGeneTableReader.Matches(header) ? OrthologTableKind.MultiSpecies : OrthologTableKind.GenePairs;
    }

    private static void CheckShape(DelimitedTable table)
    {
        if (table.Header.Count < 2)
        {
            throw table.HeaderError(
                NotATable + "the header has one column (no tab or comma), but every ortholog table has at least two");
        }

        if (!table.TryPeekRow(out var fieldCount, out var problem))
        {
            return;
        }

        if (problem is not null)
        {
            throw table.Error(NotATable + "the first data line cannot be split: " + problem);
        }

        if (fieldCount != table.Header.Count)
        {
            var delimiter = table.Delimiter == '\t' ? "tab" : "comma";
            throw table.Error(
                $"{NotATable}the first data line has {fieldCount} fields but the header has {table.Header.Count} "
                + $"columns (delimiter {delimiter})");
        }
    }
}
