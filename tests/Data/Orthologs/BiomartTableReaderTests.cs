using System.Globalization;
using PllmML.Data.Orthologs;

namespace PllmML.Data.Tests.Orthologs;

public class BiomartTableReaderTests
{
    [SharedDataFact]
    public void Read_HumanMouse_CountsMatchReadme()
    {
        var table = BiomartTableReader.Read(OrthologTestFiles.Shared("ENS_M2M", "human_mice_ENS_M2M.txt"));

        Assert.Equal(92_566, table.Rows.Count);
        Assert.Equal(24_685, table.Homologs.Count);
        Assert.Equal("Gene name", table.QueryGeneColumn);
        Assert.Equal("Mouse gene name", table.TargetGeneColumn);
        Assert.Equal("Mouse", table.TargetSpecies);
        Assert.Equal(17_088, table.Homologs.Count(row => row.HomologyType == HomologyType.OneToOne));
        Assert.Equal(2_855, table.Homologs.Count(row => row.HomologyType == HomologyType.OneToMany));
        Assert.Equal(4_742, table.Homologs.Count(row => row.HomologyType == HomologyType.ManyToMany));
        Assert.Equal(17_661, table.Homologs.Count(row => row.Confidence == 1));
        Assert.Equal(table.Rows.Count, table.Homologs.Count + table.RowsWithoutHomolog + table.RowsWithUnnamedGene);
    }

    [SharedDataFact]
    public void Read_HumanMouse_AgreesWithPlainSplitRowByRow()
    {
        var path = OrthologTestFiles.Shared("ENS_M2M", "human_mice_ENS_M2M.txt");
        var expected = OrthologTestFiles.SplitDataLines(path, '\t');

        var table = BiomartTableReader.Read(path);

        Assert.Equal(expected.Length, table.Rows.Count);
        for (var row = 0; row < expected.Length; row++)
        {
            var actual = table.Rows[row];
            Assert.Equal(row + 2, actual.LineNumber);
            Assert.Equal(expected[row][0], actual.QueryGene);
            Assert.Equal(expected[row][1], actual.TargetGene);
            Assert.Equal(expected[row][2], actual.HomologyTypeName);
            Assert.Equal(ParseOrNaN(expected[row][3]), actual.TargetIdentity);
            Assert.Equal(ParseOrNaN(expected[row][4]), actual.QueryIdentity);
            Assert.Equal(ParseOrNaN(expected[row][5]), actual.GeneOrderConservation);
            Assert.Equal(ParseOrNaN(expected[row][6]), actual.WholeGenomeAlignmentCoverage);
            Assert.Equal(expected[row][7].Length == 0 ? null : int.Parse(expected[row][7], CultureInfo.InvariantCulture), actual.Confidence);
        }

        Assert.Equal(expected.Count(fields => fields[1..].All(field => field.Length == 0)), table.RowsWithoutHomolog);
    }

    [SharedDataTheory]
    [InlineData("human_mice", 92_566, 24_685, "Mouse")]
    [InlineData("human_pig", 89_652, 17_259, "Pig")]
    [InlineData("mice_pig", 84_961, 17_252, "Pig")]
    public void Read_EachExport_RowsAndRowsWithBothGenes(string pair, int rows, int withBothGenes, string species)
    {
        var table = BiomartTableReader.Read(OrthologTestFiles.Shared("ENS_M2M", $"{pair}_ENS_M2M.txt"));

        Assert.Equal(rows, table.Rows.Count);
        Assert.Equal(withBothGenes, table.Homologs.Count);
        Assert.Equal(species, table.TargetSpecies);
    }

    [SharedDataTheory]
    [InlineData("human_mice")]
    [InlineData("human_pig")]
    [InlineData("mice_pig")]
    public void Read_OneToOneHomologsInFileOrder_EqualEnsO2O(string pair)
    {
        var biomart = BiomartTableReader.Read(OrthologTestFiles.Shared("ENS_M2M", $"{pair}_ENS_M2M.txt"));
        var ensO2O = GenePairTableReader.Read(OrthologTestFiles.Shared("ENS_O2O", $"{pair}.csv"));

        var oneToOne = biomart.Homologs
            .Where(row => row.HomologyType == HomologyType.OneToOne)
            .Select(row => (row.QueryGene, row.TargetGene));

        Assert.Equal(ensO2O.Pairs.Select(p => (p.GeneA, p.GeneB)), oneToOne);
    }

    [Theory]
    [InlineData("Pig orthology confidence [0 low, 1 high]")]
    [InlineData("\"Pig orthology confidence [0 low, 1 high]\"")]
    public void Read_CsvExportWithStableIdsInAnyOrder_FindsColumnsByName(string confidenceHeader)
    {
        var path = OrthologTestFiles.Write(
            "biomart.csv",
            $"Pig gene stable ID,{confidenceHeader},Gene name,Gene stable ID,Pig gene name,"
            + "%id. query gene identical to target Pig gene,Pig homology type,%id. target Pig gene identical to query gene",
            "ENSSSCG01,1,TP53,ENSG01,TP53,80.5,ortholog_one2one,90.5",
            string.Empty,
            "ENSSSCG02,,\"A,B\",ENSG02,,,within_species_paralog,",
            ",,MT-TF,ENSG03,,,,");

        var table = BiomartTableReader.Read(path);

        Assert.Equal("Pig", table.TargetSpecies);
        Assert.Equal(3, table.Rows.Count);
        var first = table.Rows[0];
        Assert.Equal(("ENSG01", "ENSSSCG01", 2L), (first.QueryGeneId, first.TargetGeneId, first.LineNumber));
        Assert.Equal((90.5, 80.5, 85.5, 1), (first.TargetIdentity, first.QueryIdentity, first.MeanIdentity, first.Confidence));
        Assert.True(double.IsNaN(first.GeneOrderConservation));
        var second = table.Rows[1];
        Assert.Equal(("A,B", HomologyType.Other, 4L), (second.QueryGene, second.HomologyType, second.LineNumber));
        Assert.Null(second.Confidence);
        Assert.True(double.IsNaN(second.MeanIdentity));
        Assert.Single(table.Homologs);
        Assert.Equal(1, table.RowsWithoutHomolog);
        Assert.Equal(1, table.RowsWithUnnamedGene);
        Assert.Equal(["MT-TF"], table.GenesWithoutHomolog);
    }

    private static double ParseOrNaN(string text) =>
        text.Length == 0 ? double.NaN : double.Parse(text, CultureInfo.InvariantCulture);
}
