using PllmML.Data.Orthologs;

namespace PllmML.Data.Tests.Orthologs;

public class OrthologTableReaderTests
{
    [SharedDataTheory]
    [InlineData(OrthologTableKind.Biomart, "ENS_M2M", "mice_pig_ENS_M2M.txt")]
    [InlineData(OrthologTableKind.GenePairs, "ENS_O2O", "human_pig.csv")]
    [InlineData(OrthologTableKind.GenePairs, "HM_O2O", "human_mice_o2o.csv")]
    [InlineData(OrthologTableKind.GenePairs, "LM_O2O", "mice_pig_LM_O2O.csv")]
    [InlineData(OrthologTableKind.GenePairs, "HL_O2O", "human_pig_union_greedy.csv")]
    [InlineData(OrthologTableKind.GenePairs, "HL_O2O", "human_mice_diff_correlation.txt")]
    [InlineData(OrthologTableKind.GenePairs, "HM_O2O_reproduced", "mice_pig_HM_O2O_mismatches.tsv")]
    [InlineData(OrthologTableKind.MultiSpecies, "Generate_Homologue_Table", "ENS_M2M", "human_mice_pig.csv")]
    [InlineData(OrthologTableKind.MultiSpecies, "Generate_Homologue_Table", "HL_O2O", "human_mice_pig.csv")]
    public void DetectKind_SeedTables(OrthologTableKind expected, params string[] parts)
    {
        Assert.Equal(expected, OrthologTableReader.DetectKind(OrthologTestFiles.Shared(parts)));
    }

    [Fact]
    public void DetectKind_TwoGeneNameColumnsArePairs_ThreeAreMultiSpecies()
    {
        var two = OrthologTestFiles.Write("two.csv", "human gene name,mice gene name", "A,a");
        var three = OrthologTestFiles.Write("three.tsv", "Human Gene Name\tmice gene name\tpig GENE NAME", "A\ta\tA");

        Assert.Equal(OrthologTableKind.GenePairs, OrthologTableReader.DetectKind(two));
        Assert.Equal(OrthologTableKind.MultiSpecies, OrthologTableReader.DetectKind(three));
        Assert.Equal(OrthologTableKind.MultiSpecies, OrthologTableReader.DetectKind(
            OrthologTestFiles.Write("header-only.csv", "human gene name,mice gene name,pig gene name")));
    }

    [Fact]
    public void DetectKind_Cacimar()
    {
        Assert.Equal(OrthologTableKind.Cacimar, OrthologTableReader.DetectKind(OrthologTestFiles.Cacimar));
    }

    [SharedDataFact]
    public void Summarize_HumanMouseBiomart()
    {
        var path = OrthologTestFiles.Shared("ENS_M2M", "human_mice_ENS_M2M.txt");
        var lines = OrthologTestFiles.SplitDataLines(path, '\t');

        var table = OrthologTableReader.Read(path);
        var summary = table.Summarize();

        Assert.NotNull(table.Biomart);
        Assert.Equal(OrthologTableKind.Biomart, summary.Kind);
        Assert.Equal(("Gene name", "Mouse gene name"), (summary.GeneAColumn, summary.GeneBColumn));
        Assert.Equal(92_566, summary.Rows);
        Assert.Equal(24_685, summary.Pairs.Rows);
        Assert.Equal(lines.Count(fields => fields[1].Length == 0 && fields[2].Length == 0), summary.RowsWithoutHomolog);
        Assert.Equal(
            lines.Count(fields => fields[2].Length > 0 && (fields[0].Length == 0 || fields[1].Length == 0)),
            summary.RowsWithUnnamedGene);
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["ortholog_many2many"] = 4_742, ["ortholog_one2many"] = 2_855, ["ortholog_one2one"] = 17_088,
            },
            summary.HomologyTypeCounts);
        Assert.Equal(17_661, summary.ConfidenceCounts["1"]);
        Assert.Equal(24_685, summary.ConfidenceCounts.Values.Sum());
        Assert.Equal(summary.Pairs.GenesA, table.Pairs.Pairs.Select(pair => pair.GeneA).Distinct().Count());
    }

    [SharedDataFact]
    public void Summarize_HlO2O_CountsConfidenceColumn()
    {
        var summary = OrthologTableReader.Read(OrthologTestFiles.Shared("HL_O2O", "human_mice_union_greedy.csv"))
            .Summarize();

        Assert.Equal(OrthologTableKind.GenePairs, summary.Kind);
        Assert.Equal(19_261, summary.Rows);
        Assert.Equal(19_261, summary.Pairs.GenesA);
        Assert.Equal(19_261, summary.ConfidenceCounts.Values.Sum());
        Assert.Empty(summary.HomologyTypeCounts);
        Assert.Equal(0, summary.RowsWithoutHomolog);
    }

    [SharedDataFact]
    public void Summarize_HlO2ODiffCorrelation_CountsTextValues()
    {
        var path = OrthologTestFiles.Shared("HL_O2O", "human_mice_diff_correlation.txt");
        var expected = OrthologTestFiles.SplitDataLines(path, '\t')
            .GroupBy(fields => fields[2])
            .ToDictionary(group => group.Key, group => group.Count());

        var summary = OrthologTableReader.Read(path).Summarize();

        Assert.Equal(OrthologTableKind.GenePairs, summary.Kind);
        Assert.Equal(7_370, summary.Rows);
        Assert.Equal(["source"], summary.TextColumnCounts.Keys);
        Assert.Equal(expected, summary.TextColumnCounts["source"]);
        Assert.Equal(["only_in_single", "only_in_union"], summary.TextColumnCounts["source"].Keys);
        Assert.Empty(summary.ConfidenceCounts);
        Assert.Empty(summary.SpeciesColumns);
    }

    [SharedDataTheory]
    [InlineData("ENS_M2M", 18_826)]
    [InlineData("ENS_O2O", 15_288)]
    [InlineData("HM_O2O", 15_500)]
    [InlineData("LM_O2O", 12_823)]
    [InlineData("HL_O2O", 15_720)]
    public void Summarize_MultiSpecies_CountsGenesPerSpecies(string strategy, int rows)
    {
        var path = OrthologTestFiles.Shared("Generate_Homologue_Table", strategy, "human_mice_pig.csv");
        var lines = OrthologTestFiles.SplitDataLines(path, ',');

        var table = OrthologTableReader.Read(path);
        var summary = table.Summarize();

        Assert.Equal(OrthologTableKind.MultiSpecies, summary.Kind);
        Assert.NotNull(table.MultiSpecies);
        Assert.Null(table.Biomart);
        Assert.Equal(rows, summary.Rows);
        Assert.Equal(("human gene name", "mice gene name"), (summary.GeneAColumn, summary.GeneBColumn));
        Assert.Equal(rows, summary.Pairs.Rows);
        Assert.Equal(lines.Select(fields => new GenePair(fields[0], fields[1])), table.Pairs.Pairs);
        Assert.Equal(["human gene name", "mice gene name", "pig gene name"], summary.SpeciesColumns.Select(c => c.Column));
        for (var column = 0; column < 3; column++)
        {
            var distinct = lines.Select(fields => fields[column]).Distinct(StringComparer.Ordinal).Count();
            Assert.Equal(distinct, summary.SpeciesColumns[column].DistinctGenes);
            Assert.Equal(distinct == rows, summary.SpeciesColumns[column].IsOneToOne);
        }

        Assert.Equal(strategy is "HM_O2O" or "LM_O2O" or "HL_O2O", summary.SpeciesColumns.All(column => column.IsOneToOne));
        Assert.Empty(summary.TextColumnCounts);
        Assert.Empty(summary.HomologyTypeCounts);
    }

    [Fact]
    public void Read_GzippedCacimar_SameAsPlain()
    {
        var plain = OrthologTableReader.Read(OrthologTestFiles.Cacimar);

        var gzipped = OrthologTableReader.Read(OrthologTestFiles.Gzip(OrthologTestFiles.Cacimar));

        Assert.Equal(OrthologTableKind.Cacimar, gzipped.Kind);
        Assert.Equal(plain.Cacimar!.Rows, gzipped.Cacimar!.Rows);
        var summary = gzipped.Summarize();
        Assert.Equal(16_754, summary.Rows);
        Assert.Equal(16_470, summary.HomologyTypeCounts["hs_mm_1T1"]);
        Assert.Equal(17_329, summary.Pairs.Rows);
        Assert.Equal(0, summary.RowsWithUnnamedGene);
        Assert.Empty(summary.ConfidenceCounts);
    }
}
