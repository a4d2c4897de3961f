using PllmML.Data.Orthologs;

namespace PllmML.Data.Tests.Orthologs;

public class CacimarTableReaderTests
{
    [Fact]
    public void Read_Bundled_RowsAndTypeCounts()
    {
        var table = CacimarTableReader.Read(OrthologTestFiles.Cacimar);

        Assert.Equal(16_754, table.Rows.Count);
        Assert.Equal(("hs", "mm"), (table.SpeciesA, table.SpeciesB));
        Assert.Equal(
            new CacimarOrtholog("hs_mm_1T1", "ENSG00000117054", "ACADM", "ENSMUSG00000062908", "Acadm", 2),
            table.Rows[0]);
        var types = table.Rows.CountBy(row => row.Type).ToDictionary();
        Assert.Equal(16_470, types["hs_mm_1T1"]);
        Assert.Equal(214, types["hs_mm_1TN"]);
        Assert.Equal(60, types["hs_mm_NT1"]);
        Assert.Equal(10, types["hs_mm_NTN"]);
        Assert.Equal(4, types.Count);
    }

    [Fact]
    public void Read_Bundled_MissingIdsWrittenAsNAAreEmpty()
    {
        var expected = OrthologTestFiles.SplitDataLines(OrthologTestFiles.Cacimar, '\t');

        var table = CacimarTableReader.Read(OrthologTestFiles.Cacimar);

        Assert.Equal(expected.Count(fields => fields[1] == "NA"), table.Rows.Count(row => row.GeneIdA.Length == 0));
        Assert.Equal(expected.Count(fields => fields[3] == "NA"), table.Rows.Count(row => row.GeneIdB.Length == 0));
        Assert.All(
            table.Rows.Where(row => row.GeneIdB.Length > 0).SelectMany(row => row.GeneIdB.Split(';')),
            id => Assert.True(id == "NA" || id.StartsWith("ENSMUSG", StringComparison.Ordinal), id));
    }

    [Fact]
    public void ToPairTable_Bundled_ExpandsSymbolListsIntoEveryCombination()
    {
        var expected = OrthologTestFiles.SplitDataLines(OrthologTestFiles.Cacimar, '\t')
            .SelectMany(fields => fields[2].Split(';').SelectMany(a => fields[4].Split(';').Select(b => new GenePair(a, b))))
            .ToArray();

        var table = CacimarTableReader.Read(OrthologTestFiles.Cacimar);
        var pairs = table.ToPairTable();

        Assert.Equal(("hs_Symbol", "mm_Symbol"), (pairs.GeneAColumn, pairs.GeneBColumn));
        Assert.Equal(17_329, pairs.Count);
        Assert.Equal(expected, pairs.Pairs);
        Assert.Equal(0, table.RowsWithoutSymbols);
        var gstp1 = table.Rows.Single(row => row.GeneA == "GSTP1");
        Assert.Equal("hs_mm_1TN", gstp1.Type);
        Assert.Equal(["Gstp1", "Gstp2", "Gstp-ps"], gstp1.SymbolsB);
    }

    [Fact]
    public void Read_ColumnsInAnotherOrder_FindsSpeciesByIdColumns()
    {
        var path = OrthologTestFiles.Write(
            "orth.csv", "mm_Symbol,hs_ID,Type,hs_Symbol,mm_ID", "Trp53,ENSG1,hs_mm_1T1,TP53,ENSMUSG1");

        var table = CacimarTableReader.Read(path);

        Assert.Equal(("hs", "mm"), (table.SpeciesA, table.SpeciesB));
        Assert.Equal(new CacimarOrtholog("hs_mm_1T1", "ENSG1", "TP53", "ENSMUSG1", "Trp53", 2), table.Rows[0]);
    }
}
