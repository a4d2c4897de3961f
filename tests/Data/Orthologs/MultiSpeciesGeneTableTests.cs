using PllmML.Data.Orthologs;

namespace PllmML.Data.Tests.Orthologs;

public class MultiSpeciesGeneTableTests
{
    private static readonly string[] HumanMousePig = ["human gene name", "mice gene name", "pig gene name"];

    [SharedDataTheory]
    [InlineData("ENS_M2M", 18_826)]
    [InlineData("ENS_O2O", 15_288)]
    [InlineData("HM_O2O", 15_500)]
    [InlineData("LM_O2O", 12_823)]
    [InlineData("HL_O2O", 15_720)]
    public void Read_GenerateHomologueTable_RowsAsInFile(string strategy, int rows)
    {
        var path = GeneratedTable(strategy);

        var table = MultiSpeciesGeneTableReader.Read(path);

        Assert.Equal(HumanMousePig, table.SpeciesColumns);
        Assert.Equal(rows, table.Count);
        Assert.Equal(OrthologTestFiles.SplitDataLines(path, ','), table.Rows);
        Assert.Equal(table.Rows.Select(row => row[2]), table.GetGenes("pig gene name"));
    }

    [SharedDataTheory]
    [InlineData("ENS_M2M")]
    [InlineData("ENS_O2O")]
    [InlineData("HM_O2O")]
    [InlineData("LM_O2O")]
    [InlineData("HL_O2O")]
    public void Write_GenerateHomologueTable_ReproducesFileByteForByte(string strategy)
    {
        var source = GeneratedTable(strategy);
        var output = Path.Combine(TestPaths.NewTempFolder(), "human_mice_pig.csv");

        MultiSpeciesGeneTableWriter.Write(MultiSpeciesGeneTableReader.Read(source), output);

        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(output));
    }

    /// <summary>
    /// The README says each file is the inner join of the strategy's human–mouse and mouse–pig tables on the mouse
    /// gene, after dropping duplicate pairs. The rows come out exactly when the join is ordered by the mouse gene
    /// (ordinal, stable: left-table order, then right-table order, within one mouse gene), as pandas
    /// <c>merge(…, sort=True)</c> orders them; in plain left-table order the same rows come in another order.
    /// </summary>
    [SharedDataTheory]
    [InlineData("ENS_O2O", "ENS_O2O/human_mice.csv", "ENS_O2O/mice_pig.csv")]
    [InlineData("HM_O2O", "HM_O2O/human_mice_o2o.csv", "HM_O2O/mice_pig_o2o.csv")]
    [InlineData("LM_O2O", "LM_O2O/human_mice_LM_O2O.csv", "LM_O2O/mice_pig_LM_O2O.csv")]
    [InlineData("HL_O2O", "HL_O2O/human_mice_union_greedy.csv", "HL_O2O/mice_pig_union_greedy.csv")]
    [InlineData("ENS_M2M", "ENS_M2M/human_mice_ENS_M2M.txt", "ENS_M2M/mice_pig_ENS_M2M.txt")]
    public void GenerateHomologueTable_IsJoinOfHumanMouseAndMousePig(string strategy, string humanMouse, string mousePig)
    {
        var left = DistinctPairs(humanMouse);
        var right = DistinctPairs(mousePig).ToLookup(pair => pair.A, StringComparer.Ordinal);
        var join = left.SelectMany(l => right[l.B].Select(r => new[] { l.A, l.B, r.B })).ToList();

        var table = MultiSpeciesGeneTableReader.Read(GeneratedTable(strategy));

        Assert.Equal(join.OrderBy(row => row[1], StringComparer.Ordinal), table.Rows);
        Assert.NotEqual(join, table.Rows);
    }

    [Fact]
    public void ToPairTable_GivesChosenColumnsPerRow()
    {
        var table = new MultiSpeciesGeneTable(HumanMousePig, [["A", "a", "PA"], ["B", "b", "PB"], ["A", "a", "PC"]]);

        var first = table.ToPairTable();
        var humanPig = table.ToPairTable(0, 2);

        Assert.Equal(("human gene name", "mice gene name"), (first.GeneAColumn, first.GeneBColumn));
        Assert.Equal([new GenePair("A", "a"), new GenePair("B", "b"), new GenePair("A", "a")], first.Pairs);
        Assert.Equal("pig gene name", humanPig.GeneBColumn);
        Assert.Equal(["PA", "PB", "PC"], humanPig.Pairs.Select(pair => pair.GeneB));
        Assert.Throws<ArgumentException>(() => table.ToPairTable(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.ToPairTable(0, 3));
        Assert.Throws<KeyNotFoundException>(() => table.GetGenes("dog gene name"));
    }

    [Fact]
    public void SummarizeColumns_CountsRepeatedGenes()
    {
        var table = new MultiSpeciesGeneTable(HumanMousePig, [["A", "a", "PA"], ["B", "b", "PB"], ["A", "c", "PC"]]);

        var columns = table.SummarizeColumns();

        Assert.Equal(
            [
                new SpeciesColumnSummary("human gene name", 2, 2),
                new SpeciesColumnSummary("mice gene name", 3, 0),
                new SpeciesColumnSummary("pig gene name", 3, 0),
            ],
            columns);
        Assert.Equal([false, true, true], columns.Select(column => column.IsOneToOne));
    }

    [Fact]
    public void Constructor_ChecksColumnsAndRows()
    {
        Assert.Throws<ArgumentException>(() => new MultiSpeciesGeneTable(["human gene name"], []));
        Assert.Throws<ArgumentException>(() => new MultiSpeciesGeneTable(["a gene name", "a gene name"], []));
        Assert.Throws<ArgumentException>(() => new MultiSpeciesGeneTable(HumanMousePig, [["A", "a"]]));
    }

    [Fact]
    public void WriteThenRead_QuotesWhereNeededAndRoundTrips()
    {
        var table = new MultiSpeciesGeneTable(HumanMousePig, [["A,1", "a\"1", "P"], ["B", "b", "Q"]]);
        var path = Path.Combine(TestPaths.NewTempFolder(), "three.csv");

        MultiSpeciesGeneTableWriter.Write(table, path);
        var back = OrthologTableReader.Read(path);

        Assert.Equal(
            "human gene name,mice gene name,pig gene name\n\"A,1\",\"a\"\"1\",P\nB,b,Q\n", File.ReadAllText(path));
        Assert.Equal(OrthologTableKind.MultiSpecies, back.Kind);
        Assert.Equal(table.Rows, back.MultiSpecies!.Rows);
    }

    private static string GeneratedTable(string strategy) =>
        OrthologTestFiles.Shared("Generate_Homologue_Table", strategy, "human_mice_pig.csv");

    /// <summary>The first two fields of each data line with both genes present, exact duplicates dropped.</summary>
    private static List<(string A, string B)> DistinctPairs(string relativePath)
    {
        var path = OrthologTestFiles.Shared(relativePath.Split('/'));
        var delimiter = path.EndsWith(".txt", StringComparison.Ordinal) ? '\t' : ',';
        return OrthologTestFiles.SplitDataLines(path, delimiter)
            .Select(fields => (A: fields[0], B: fields[1]))
            .Where(pair => pair.A.Length > 0 && pair.B.Length > 0)
            .Distinct()
            .ToList();
    }
}
