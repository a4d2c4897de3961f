using PllmML.Data.Orthologs;
using PllmML.Transforms.SingleCell;

namespace PllmML.Transforms.Tests.SingleCell;

public sealed class SharedGeneSpaceTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> Genes = new()
    {
        ["human"] = ["A", "B", "C", "D", "E"],
        ["mouse"] = ["a", "b1", "b2", "c", "x", "e"],
    };

    private static readonly GenePairTable Pairs = new("human", "mouse",
    [
        new GenePair("A", "a"), new GenePair("B", "b1"), new GenePair("B", "b2"), new GenePair("C", "c"),
        new GenePair("D", "c"), new GenePair("E", "e"), new GenePair("E", "e"), new GenePair("Z", "x"),
    ]);

    [Fact]
    public void Build_OneToOne_KeepsOnlyUniquePairs()
    {
        var space = SharedGeneSpace.Build("human", Genes, new Dictionary<string, GenePairTable> { ["mouse"] = Pairs }, HomologyStrategy.OneToOne);
        Assert.Equal(["A", "E"], space.Features);
        Assert.Equal(["a", "e"], space["mouse"].ModelGenes);
        Assert.Equal(4, space["mouse"].GenesDropped);
        Assert.Equal(3, space["human"].GenesDropped);
        var shared = new float[2];
        space["mouse"].Apply([2, 7], shared);
        Assert.Equal([2f, 7f], shared);
    }

    [Fact]
    public void Build_ManyToManySum_SumsHomologs()
    {
        var space = SharedGeneSpace.Build("human", Genes, new Dictionary<string, GenePairTable> { ["mouse"] = Pairs }, HomologyStrategy.ManyToManySum);
        Assert.Equal(["A", "B", "C", "D", "E"], space.Features);
        Assert.Equal(["a", "b1", "b2", "c", "e"], space["mouse"].ModelGenes);
        var shared = new float[5];
        space["mouse"].Apply([1, 2, 3, 4, 5], shared);
        Assert.Equal([1f, 5f, 4f, 4f, 5f], shared);
    }

    [Fact]
    public void Indexer_UnknownSpecies_NamesTheKnownOnes()
    {
        var space = SharedGeneSpace.Build("human", Genes, new Dictionary<string, GenePairTable> { ["mouse"] = Pairs }, HomologyStrategy.OneToOne);
        var error = Assert.Throws<UnknownSpeciesException>(() => space["zebrafish"]);
        Assert.Contains("'human', 'mouse'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Pancreas_ReportsKeptGenes()
    {
        var space = PancreasData.GeneSpace();
        Assert.Equal(space.Features.Count, space["human"].ModelGenes.Count);
        Assert.Equal(space.Features.Count, space["mouse"].ModelGenes.Count);
        Assert.Equal(12_474, space["human"].GenesInData);
        Assert.InRange(space.Features.Count, 9_000, 12_474);
    }

    [SharedDataFact]
    public void Build_PancreasWithEnsemblOneToOne_MapsTheGenesTheDataReadmeCounts()
    {
        // ../shared/data/pancreas/README.md: "with ENS_O2O human–mouse, made one-to-one at the symbol level, 11,495 of
        // these genes map one-to-one" (of the 12,474 human genes, all of whose upper-cased names are mouse genes).
        var pairs = OrthologTableReader.Read(TestPaths.Shared("orthologs", "ENS_O2O", "human_mice.csv")).Pairs;
        var space = SharedGeneSpace.Build(
            "human",
            new Dictionary<string, IReadOnlyList<string>> { ["human"] = PancreasData.Human.GeneNames, ["mouse"] = PancreasData.Mouse.GeneNames },
            new Dictionary<string, GenePairTable> { ["mouse"] = pairs },
            HomologyStrategy.OneToOne);
        Assert.Equal(11_495, space.Features.Count);
    }
}
