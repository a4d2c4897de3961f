using PllmML.Homology.Ensembl;

namespace PllmML.Homology.Tests.Ensembl;

public class EnsemblStrategiesTests
{
    [SharedDataTheory]
    [InlineData("human_mice", "human_mice.csv")]
    [InlineData("human_pig", "human_pig.csv")]
    [InlineData("mice_pig", "mice_pig.csv")]
    public void OneToOne_ReproducesSeedFileByteForByte(string pair, string seedFile)
    {
        var table = EnsemblStrategies.OneToOne(SeedFiles.Biomart(pair));

        Assert.Equal(File.ReadAllText(SeedFiles.Path("ENS_O2O", seedFile)), SeedFiles.WriteToString(table));
    }

    [SharedDataFact]
    public void AllHomologs_HumanMouse_EveryRowWithBothGenes()
    {
        var table = EnsemblStrategies.AllHomologs(SeedFiles.Biomart("human_mice"));

        Assert.Equal(24_685, table.Count);
        Assert.Equal("Gene name", table.GeneAColumn);
        Assert.Equal("Mouse gene name", table.GeneBColumn);
    }
}
