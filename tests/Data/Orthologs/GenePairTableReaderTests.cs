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
    [InlineData("HL_O2O", "human_mice_diff_correlation.txt")]
    [InlineData("HL_O2O", "human_pig_diff_correlation.txt")]
    [InlineData("HL_O2O", "mice_pig_diff_correlation.txt")]
    [InlineData("HL_O2O", "human_mice_diff_homologue.txt")]
    [InlineData("HL_O2O", "human_pig_diff_homologue.txt")]
    [InlineData("HL_O2O", "mice_pig_diff_homologue.txt")]
    [InlineData("HM_O2O_reproduced", "human_mice_HM_O2O_mismatches.tsv")]
    [InlineData("HM_O2O_reproduced", "mice_pig_HM_O2O_mismatches.tsv")]
    public void Write_SeedTable_ReproducesFileByteForByte(string folder, string file)
    {
        var source = OrthologTestFiles.Shared(folder, file);
        var output = Path.Combine(TestPaths.NewTempFolder(), file);
        var delimiter = file.EndsWith(".csv", StringComparison.Ordinal) ? ',' : '\t';

        GenePairTableWriter.Write(GenePairTableReader.Read(source), output, delimiter);

        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(output));
    }

    [SharedDataTheory]
    [InlineData("human_mice_diff_correlation.txt", 7_370)]
    [InlineData("human_pig_diff_correlation.txt", 3_407)]
    [InlineData("mice_pig_diff_correlation.txt", 3_518)]
    [InlineData("human_mice_diff_homologue.txt", 1_523)]
    [InlineData("human_pig_diff_homologue.txt", 139)]
    [InlineData("mice_pig_diff_homologue.txt", 679)]
    public void Read_HlO2ODiffTable_SourceIsTextColumn(string file, int rows)
    {
        var path = OrthologTestFiles.Shared("HL_O2O", file);
        var lines = OrthologTestFiles.SplitDataLines(path, '\t');

        var table = GenePairTableReader.Read(path);

        Assert.Equal(("A", "B"), (table.GeneAColumn, table.GeneBColumn));
        Assert.Equal(rows, table.Count);
        Assert.Empty(table.ScoreColumnNames);
        Assert.Equal(["source"], table.TextColumnNames);
        Assert.Equal(["source"], table.ExtraColumnNames);
        Assert.Equal(lines.Select(fields => fields[2]), table.GetTexts("source"));
        Assert.Equal(lines.Select(fields => new GenePair(fields[0], fields[1])), table.Pairs);
        Assert.Equal(["only_in_single", "only_in_union"], table.GetTexts("source").Distinct().Order(StringComparer.Ordinal));
    }

    [SharedDataTheory]
    [InlineData("human_mice_HM_O2O_mismatches.tsv")]
    [InlineData("human_pig_HM_O2O_mismatches.tsv")]
    [InlineData("mice_pig_HM_O2O_mismatches.tsv")]
    public void Read_HmO2OMismatches_WhereIsTextColumn(string file)
    {
        var path = OrthologTestFiles.Shared("HM_O2O_reproduced", file);
        var lines = OrthologTestFiles.SplitDataLines(path, '\t');

        var table = GenePairTableReader.Read(path);

        Assert.Equal(("gene_a", "gene_b"), (table.GeneAColumn, table.GeneBColumn));
        Assert.Equal(["where"], table.TextColumnNames);
        Assert.Equal(lines.Select(fields => fields[2]), table.GetTexts("where"));
        Assert.Equal(
            table.GetTexts("where").Count(value => value == "seed_only"),
            table.GetTexts("where").Count(value => value == "reproduction_only"));
    }

    [Fact]
    public void Read_MixedExtraColumns_FirstNonMissingValueDecidesKind()
    {
        var path = OrthologTestFiles.Write(
            "mixed.csv",
            "A,B,note,score,empty,label",
            "x,y,,NA,,lab",
            "u,v,NA,0.5,nan,only_in_union",
            "z,w,kept,NaN,,2.5");

        var table = GenePairTableReader.Read(path);

        Assert.Equal(["note", "score", "empty", "label"], table.ExtraColumnNames);
        Assert.Equal(["score", "empty"], table.ScoreColumnNames);
        Assert.Equal(["note", "label"], table.TextColumnNames);
        Assert.Equal(["", "NA", "kept"], table.GetTexts("note"));
        Assert.Equal(["lab", "only_in_union", "2.5"], table.GetTexts("label"));
        Assert.Equal([double.NaN, 0.5, double.NaN], table.GetScores("score"));
        Assert.All(table.GetScores("empty"), value => Assert.True(double.IsNaN(value)));
        Assert.Equal([double.NaN, 0.5, double.NaN], table.Pairs.Select(pair => pair.Score));
        Assert.True(table.IsTextColumn("note"));
        Assert.False(table.IsTextColumn("score"));
        Assert.Throws<KeyNotFoundException>(() => table.GetTexts("score"));
        Assert.Throws<KeyNotFoundException>(() => table.GetScores("note"));
    }

    [Fact]
    public void Write_MixedExtraColumns_KeepsColumnOrderAndQuotesForDelimiter()
    {
        var path = OrthologTestFiles.Write(
            "mixed.tsv", "A\tB\tnote\tscore\tlabel", "x\ty\ta,b\t0.25\t\"tab\there\"", "u\tv\t\t\tplain");
        var output = Path.Combine(TestPaths.NewTempFolder(), "out.tsv");
        var table = GenePairTableReader.Read(path);

        GenePairTableWriter.Write(table, output, '\t');
        var text = new StringWriter();
        GenePairTableWriter.Write(table, text);

        Assert.Equal(File.ReadAllText(path), File.ReadAllText(output));
        Assert.Equal(
            "A,B,note,score,label\nx,y,\"a,b\",0.25,tab\there\nu,v,,,plain\n", text.ToString());
        Assert.Throws<ArgumentException>(() => GenePairTableWriter.Write(table, new StringWriter(), '"'));
    }

    [Fact]
    public void ToSymbolOneToOne_KeepsTextColumns()
    {
        var path = OrthologTestFiles.Write(
            "pairs.csv", "A,B,source,score", "x,y,only_in_union,1", "x,z,only_in_single,2", "u,v,only_in_single,3");

        var result = GenePairTableReader.Read(path).ToSymbolOneToOne();

        Assert.Equal([new GenePair("u", "v", 3)], result.Pairs);
        Assert.Equal(["only_in_single"], result.GetTexts("source"));
        Assert.Equal(["source", "score"], result.ExtraColumnNames);
    }

    [Fact]
    public void Constructor_ChecksTextColumns()
    {
        GenePair[] pairs = [new("x", "y")];

        Assert.Throws<ArgumentException>(() => new GenePairTable("A", "B", pairs, textColumnNames: ["s"]));
        Assert.Throws<ArgumentException>(
            () => new GenePairTable("A", "B", pairs, textColumnNames: ["s"], textColumns: [["a", "b"]]));
        Assert.Throws<ArgumentException>(
            () => new GenePairTable("A", "B", pairs, textColumnNames: ["A"], textColumns: [["a"]]));
        Assert.Throws<ArgumentException>(() => new GenePairTable(
            "A", "B", pairs, textColumnNames: ["s"], textColumns: [["a"]], extraColumnNames: ["s", "t"]));
        var table = new GenePairTable("A", "B", pairs, ["n"], [[1.0]], ["s"], [["a"]]);
        Assert.Equal(["n", "s"], table.ExtraColumnNames);
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
