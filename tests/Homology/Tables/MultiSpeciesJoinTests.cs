using PllmML.Data.Orthologs;
using PllmML.Homology.Ensembl;
using PllmML.Homology.Tables;

namespace PllmML.Homology.Tests.Tables;

public class MultiSpeciesJoinTests
{
    [SharedDataFact]
    public void Join_EnsemblAllHomologs_ReproducesSeedTable()
    {
        AssertReproduces(
            "ENS_M2M",
            EnsemblStrategies.AllHomologs(SeedFiles.Biomart("human_mice")),
            EnsemblStrategies.AllHomologs(SeedFiles.Biomart("mice_pig")),
            18_826);
    }

    [SharedDataFact]
    public void Join_EnsemblOneToOne_ReproducesSeedTable()
    {
        AssertReproduces(
            "ENS_O2O",
            EnsemblStrategies.OneToOne(SeedFiles.Biomart("human_mice")),
            EnsemblStrategies.OneToOne(SeedFiles.Biomart("mice_pig")),
            15_288);
    }

    [SharedDataFact]
    public void Join_HomologyGreedyWithSeedTieChoices_ReproducesSeedTable()
    {
        AssertReproduces("HM_O2O", HomologyWithSeedTies("human_mice"), HomologyWithSeedTies("mice_pig"), 15_500);
    }

    [SharedDataTheory]
    [InlineData("LM_O2O", "human_mice_LM_O2O.csv", "mice_pig_LM_O2O.csv", 12_823)]
    [InlineData("HL_O2O", "human_mice_union_greedy.csv", "mice_pig_union_greedy.csv", 15_720)]
    public void Join_SeedPairTables_ReproducesSeedTable(string strategy, string first, string second, int rows)
    {
        AssertReproduces(strategy, SeedFiles.Pairs(strategy, first), SeedFiles.Pairs(strategy, second), rows);
    }

    [Fact]
    public void Join_ManyToMany_OrdersByJoinGeneThenInputOrder()
    {
        var humanMouse = GenePairTable.Create("human", "mice", [new("H2", "m2"), new("H1", "m1"), new("H3", "m1"), new("H9", "")]);
        var mousePig = GenePairTable.Create("mice", "pig", [new("m1", "P1"), new("m2", "P2"), new("m1", "P0"), new("", "P9")]);

        var table = MultiSpeciesJoin.Join([new("human", "mice", humanMouse), new("mice", "pig", mousePig)]);

        Assert.Equal(["human gene name", "mice gene name", "pig gene name"], table.SpeciesColumns);
        Assert.Equal(
            ["H1 m1 P1", "H1 m1 P0", "H3 m1 P1", "H3 m1 P0", "H2 m2 P2"],
            table.Rows.Select(row => string.Join(' ', row)));
    }

    [Fact]
    public void Join_UnrelatedSpecies_Throws()
    {
        var first = GenePairTable.Create("human", "mice", [new("H", "m")]);
        var second = GenePairTable.Create("pig", "frog", [new("p", "f")]);

        Assert.Throws<ArgumentException>(() => MultiSpeciesJoin.Join([new("human", "mice", first), new("pig", "frog", second)]));
    }

    private static GenePairTable HomologyWithSeedTies(string pair)
    {
        var (a, b) = SeedFiles.Species(pair);
        var seed = SeedFiles.PairSet(SeedFiles.Pairs("HM_O2O", $"{pair}_o2o.csv"));
        return HomologyGreedy.Match(SeedFiles.Biomart(pair), a, b, new HomologyGreedyOptions { PreferredOnTies = seed }).Pairs;
    }

    private static void AssertReproduces(string strategy, GenePairTable humanMouse, GenePairTable mousePig, int rows)
    {
        var table = MultiSpeciesJoin.Join([new("human", "mice", humanMouse), new("mice", "pig", mousePig)]);

        Assert.Equal(rows, table.Count);
        Assert.Equal(
            File.ReadAllText(SeedFiles.Path("Generate_Homologue_Table", strategy, "human_mice_pig.csv")),
            SeedFiles.WriteToString(table));
    }
}
