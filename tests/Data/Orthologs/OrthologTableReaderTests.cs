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
    public void DetectKind_SeedTables(OrthologTableKind expected, string folder, string file)
    {
        Assert.Equal(expected, OrthologTableReader.DetectKind(OrthologTestFiles.Shared(folder, file)));
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
