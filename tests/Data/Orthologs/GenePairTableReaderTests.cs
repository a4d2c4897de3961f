using PllmML.Data.Orthologs;

namespace PllmML.Data.Tests.Orthologs;

public class GenePairTableReaderTests
{
    [SharedDataFact]
    public void Read_EnsO2OHumanMouse_ReportsDuplicatesAndRepeatedSymbols()
    {
        var table = GenePairTableReader.Read(OrthologTestFiles.Shared("ENS_O2O", "human_mice.csv"));

        Assert.Equal(("Gene name", "Mouse gene name"), (table.GeneAColumn, table.GeneBColumn));
        Assert.Empty(table.ScoreColumnNames);
        Assert.Equal(new GenePair("MT-ND1", "mt-Nd1"), table.Pairs[0]);
        var report = table.Report();
        Assert.Equal(17_088, report.Rows);
        Assert.Equal(17_085, report.UniquePairs);
        Assert.Equal(3, report.ExactDuplicateRows);
        Assert.Equal(25, report.RowsWithRepeatedGene);
        Assert.Equal(17_066, report.SymbolOneToOnePairs);
        Assert.False(report.IsOneToOne);
    }

    [SharedDataTheory]
    [InlineData("human_mice", 17_088, 17_066)]
    [InlineData("human_pig", 16_330, 15_995)]
    [InlineData("mice_pig", 15_533, 15_243)]
    public void ToSymbolOneToOne_EnsO2O_LeavesReadmeCounts(string pair, int rows, int oneToOne)
    {
        var table = GenePairTableReader.Read(OrthologTestFiles.Shared("ENS_O2O", $"{pair}.csv"));

        var result = table.ToSymbolOneToOne();

        Assert.Equal(rows, table.Count);
        Assert.Equal(oneToOne, result.Count);
        Assert.True(result.Report().IsOneToOne);
        Assert.Equal(ExpectedOneToOne(table.Pairs), result.Pairs);
    }

    [SharedDataFact]
    public void Read_LmO2O_ScoreIsCorrelation()
    {
        var table = GenePairTableReader.Read(OrthologTestFiles.Shared("LM_O2O", "human_mice_LM_O2O.csv"));

        Assert.Equal(16_119, table.Count);
        Assert.Equal(["correlation"], table.ScoreColumnNames);
        Assert.Equal(1.0000029, table.Pairs.Max(pair => pair.Score));
        Assert.Equal(table.GetScores("correlation"), table.Pairs.Select(pair => pair.Score));
        Assert.True(table.Report().IsOneToOne);
    }

    [SharedDataFact]
    public void Read_HlO2O_HasSixColumns()
    {
        var table = GenePairTableReader.Read(OrthologTestFiles.Shared("HL_O2O", "human_mice_union_greedy.csv"));

        Assert.Equal(19_261, table.Count);
        Assert.Equal(
            ["correlation", "identical_scores", "orthology confidence", "combo_score"], table.ScoreColumnNames);
        Assert.Equal(new GenePair("UBE2R2", "Ube2r2", 1.0000018), table.Pairs[0]);
        Assert.Equal(1.9999982647841026, table.GetScores("combo_score")[0]);
        Assert.True(table.Report().IsOneToOne);
    }

    [SharedDataTheory]
    [InlineData("ENS_O2O", "human_mice.csv")]
    [InlineData("HM_O2O", "human_mice_o2o.csv")]
    [InlineData("LM_O2O", "human_mice_LM_O2O.csv")]
    [InlineData("HL_O2O", "human_mice_union_greedy.csv")]
    [InlineData("HL_O2O", "mice_pig_union_greedy.csv")]
    public void Write_SeedTable_ReproducesFileByteForByte(string folder, string file)
    {
        var source = OrthologTestFiles.Shared(folder, file);
        var output = Path.Combine(TestPaths.NewTempFolder(), file);

        GenePairTableWriter.Write(GenePairTableReader.Read(source), output);

        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(output));
    }

    [Fact]
    public void Create_WritesSeedHeaderLayoutAndQuotesWhereNeeded()
    {
        var pairs = new[]
        {
            new GenePair("A,1", "a\"1", 0.5),
            new GenePair("B", "b", 1),
            new GenePair("C", "c"),
            new GenePair("D", "d", 1e-5),
        };
        var path = Path.Combine(TestPaths.NewTempFolder(), "out.csv");

        GenePairTableWriter.Write(GenePairTable.Create("human", "mice", pairs, "correlation"), path);

        Assert.Equal(
            "human gene name,mice gene name,correlation\n\"A,1\",\"a\"\"1\",0.5\nB,b,1.0\nC,c,\nD,d,1e-05\n",
            File.ReadAllText(path));
        var back = GenePairTableReader.Read(path);
        Assert.Equal(pairs, back.Pairs);
    }

    [Fact]
    public void Read_TabSeparatedGzip_DetectsDelimiter()
    {
        var path = OrthologTestFiles.Gzip(OrthologTestFiles.Write("pairs.tsv", "A\tB\tscore", "x\ty\t0.25", "z\tw\t"));

        var table = GenePairTableReader.Read(path);

        Assert.Equal([new GenePair("x", "y", 0.25), new GenePair("z", "w", double.NaN)], table.Pairs);
    }

    private static List<GenePair> ExpectedOneToOne(IReadOnlyList<GenePair> pairs)
    {
        var unique = pairs.Distinct().ToList();
        var pairsOfA = unique.ToLookup(pair => pair.GeneA);
        var pairsOfB = unique.ToLookup(pair => pair.GeneB);
        return unique.Where(pair => pairsOfA[pair.GeneA].Count() == 1 && pairsOfB[pair.GeneB].Count() == 1).ToList();
    }
}
