using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Pipeline;
using PllmML.Pipeline.Configuration;
using PllmML.Pipeline.Species;
using PllmML.Trainers.SingleCell;

namespace PllmML.Cli.Tests.Species;

/// <summary>Homology tables resolved against three or more species: columns, routes through other species, cycles, and the errors.</summary>
public class SpeciesHomologyTests
{
    private static readonly SpeciesData Human = Cells("human", ["A1", "B1", "C1", "D1"]);
    private static readonly SpeciesData Mouse = Cells("mouse", ["a1", "b1", "c1", "d1", "e1"]);
    private static readonly SpeciesData Pig = Cells("pig", ["AP", "BP", "CP", "DP"]);

    [Fact]
    public void Resolve_AMultiSpeciesTable_AssignsColumnsByHeader_MiceIsMouse()
    {
        var folder = TestPaths.NewTempFolder();
        var table = Write(folder, "human_mice_pig.csv", "human gene name,mice gene name,pig gene name", "A1,a1,AP", "B1,b1,BP", "C1,c1,XX");

        var homology = SpeciesHomology.Resolve("human", [Human, Mouse, Pig], [new HomologyTableConfiguration { Path = table }]);

        Assert.Equal([("A1", "a1"), ("B1", "b1"), ("C1", "c1")], Pairs(homology.PairsBySpecies["mouse"]));
        Assert.Equal([("A1", "AP"), ("B1", "BP"), ("C1", "XX")], Pairs(homology.PairsBySpecies["pig"]));
        Assert.Equal(["human", "pig"], homology.Routes["pig"]);
        Assert.Equal(3, homology.Links.Count);
    }

    [Fact]
    public void Resolve_PairTablesThroughAnotherSpecies_ComposesTheRoute()
    {
        var folder = TestPaths.NewTempFolder();
        // The human–mouse table's first column is unnamed (BioMart's "Gene name"): its genes say it is human.
        var humanMouse = Write(folder, "hm.csv", "Gene name,Mouse gene name", "A1,a1", "B1,b1", "C1,c1", "D1,e1");
        var mousePig = Write(folder, "mp.csv", "mice gene name,pig gene name", "a1,AP", "b1,BP", "b1,CP", "d1,DP");

        var homology = SpeciesHomology.Resolve("human", [Human, Mouse, Pig],
            [new HomologyTableConfiguration { Path = humanMouse, Species = "mouse" }, new HomologyTableConfiguration { Path = mousePig }]);

        Assert.Equal(["human", "mouse", "pig"], homology.Routes["pig"]);
        // A1–a1–AP; B1–b1–{BP, CP} (many-to-many survives the join); C1 has no pig partner through c1; D1 reaches e1, not d1.
        Assert.Equal([("A1", "AP"), ("B1", "BP"), ("B1", "CP")], Pairs(homology.PairsBySpecies["pig"]));
    }

    [Fact]
    public void Cycles_ThreeOneToOneMaps_ClosedBrokenAndIncompletePerGene()
    {
        var folder = TestPaths.NewTempFolder();
        var humanMouse = Write(folder, "hm.csv", "human gene name,mouse gene name", "A1,a1", "B1,b1", "C1,c1", "D1,d1");
        var mousePig = Write(folder, "mp.csv", "mouse gene name,pig gene name", "a1,AP", "b1,BP", "c1,CP");
        var pigHuman = Write(folder, "ph.csv", "pig gene name,human gene name", "AP,A1", "BP,C1", "CP,B1");
        var homology = SpeciesHomology.Resolve("human", [Human, Mouse, Pig],
            [new HomologyTableConfiguration { Path = humanMouse }, new HomologyTableConfiguration { Path = mousePig }, new HomologyTableConfiguration { Path = pigHuman }]);

        var cycles = homology.Cycles(["human", "mouse", "pig"])!;

        Assert.Equal((1, 2, 1), (cycles.Closed, cycles.Broken, cycles.Incomplete));
        Assert.Equal(["A1", "a1", "AP", "A1"], cycles.Genes[0].Chain);
        Assert.Equal(CycleStatus.Broken, cycles.Genes[1].Status);
        Assert.Equal(["D1", "d1"], cycles.Genes[3].Chain);
        Assert.Equal(1.0 / 3, cycles.ClosedShare, 12);
        var csv = cycles.ToCsv().Split('\n');
        Assert.Equal("human gene,mouse gene,pig gene,back to human,status", csv[0]);
        Assert.Equal("D1,d1,,,incomplete", csv[4]);
        Assert.Equal("A1,a1,AP,A1,closed", csv[1]);
        Assert.Null(homology.Cycles(["human", "mouse"]));
    }

    [Fact]
    public void Resolve_ATableForASpeciesThatIsNotAnInput_NamesTableAndSpecies()
    {
        var folder = TestPaths.NewTempFolder();
        var table = Write(folder, "human_zebrafish.csv", "human gene name,zebrafish gene name", "A1,a");

        var declared = Assert.Throws<DataFormatException>(() => SpeciesHomology.Resolve("human", [Human, Mouse, Pig], [new HomologyTableConfiguration { Path = table, Species = "zebrafish" }]));
        var named = Assert.Throws<DataFormatException>(() => SpeciesHomology.Resolve("human", [Human, Mouse, Pig], [new HomologyTableConfiguration { Path = table }]));

        Assert.Contains(table, declared.Message, StringComparison.Ordinal);
        Assert.Contains("species 'zebrafish', which is not among the inputs (human, mouse, pig)", declared.Message, StringComparison.Ordinal);
        Assert.Contains(table, named.Message, StringComparison.Ordinal);
        Assert.Contains("names species 'zebrafish', which is not among the inputs", named.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', named.Message);
    }

    [Fact]
    public void Resolve_AColumnMatchingNoInputsGenes_NamesTableAndColumn()
    {
        var folder = TestPaths.NewTempFolder();
        var table = Write(folder, "odd.csv", "left,right", "A1,Q", "B1,R");

        var error = Assert.Throws<DataFormatException>(() => SpeciesHomology.Resolve("human", [Human, Mouse, Pig], [new HomologyTableConfiguration { Path = table }]));

        Assert.Contains(table, error.Message, StringComparison.Ordinal);
        Assert.Contains("column 'right'", error.Message, StringComparison.Ordinal);
        Assert.Contains("match no input's genes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AHeaderSpeciesWhoseGenesAreNotInItsInput_NamesTheSpecies()
    {
        var folder = TestPaths.NewTempFolder();
        var table = Write(folder, "hp.csv", "human gene name,pig gene name", "A1,a1", "B1,b1");

        var error = Assert.Throws<DataFormatException>(() => SpeciesHomology.Resolve("human", [Human, Mouse, Pig], [new HomologyTableConfiguration { Path = table }]));

        Assert.Contains("species 'pig': no gene of the column is a gene of the pig input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ASpeciesWithoutAPathToTheReference_NamesItAndTheTables()
    {
        var folder = TestPaths.NewTempFolder();
        var humanMouse = Write(folder, "hm.csv", "human gene name,mouse gene name", "A1,a1");

        var error = Assert.Throws<DataFormatException>(() => SpeciesHomology.Resolve("human", [Human, Mouse, Pig], [new HomologyTableConfiguration { Path = humanMouse }]));

        Assert.Contains(humanMouse, error.Message, StringComparison.Ordinal);
        Assert.Contains("no homology path from species 'pig' to the reference 'human'", error.Message, StringComparison.Ordinal);
        Assert.Contains("human–mouse (hm.csv)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PairsBySpecies_TwoSpeciesOneTable_KeepsTheTwoSpeciesRule()
    {
        var table = OrthologTableReader.Read(TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv"));
        var human = Cells("human", ["INS", "GCG", "SST"]);
        var mouse = Cells("mouse", ["Ins1", "Gcg", "Sst"]);

        var pairs = IntegrationFit.PairsBySpecies("human", [human, mouse], [("cacimar", null, table)]);
        var legacy = GenePairOrientation.BySpecies(table.Pairs, "human", [human, mouse], "cacimar");

        Assert.Same(legacy["mouse"].Pairs, pairs["mouse"].Pairs);
    }

    [Fact]
    public void Configuration_HomologyAsAList_IsReadAsTables_AndBadEntriesNameTheField()
    {
        var folder = TestPaths.NewTempFolder();
        var table = Write(folder, "hm.csv", "human gene name,mouse gene name", "A1,a1");
        var human = TestPaths.Bundled("pancreas", "human.h5ad").Replace("\\", "/", StringComparison.Ordinal);
        var mouse = TestPaths.Bundled("pancreas", "mouse.h5ad").Replace("\\", "/", StringComparison.Ordinal);
        string Config(string homology)
        {
            var path = Path.Combine(folder, $"c{Guid.NewGuid():N}.json");
            File.WriteAllText(path, $$"""{ "inputs": [ { "path": "{{human}}", "species": "human" }, { "path": "{{mouse}}", "species": "mouse", "labelKey": "cell_type" } ], "homology": {{homology}} }""");
            return path;
        }

        var list = RunConfiguration.Read(Config("""[ { "path": "hm.csv", "species": "mouse" } ]"""));
        var unknownKey = Assert.Throws<RunConfigurationException>(() => RunConfiguration.Read(Config("""[ { "path": "hm.csv", "organism": "mouse" } ]""")));
        var wrongSpecies = Assert.Throws<RunConfigurationException>(() => RunConfiguration.Read(Config("""{ "tables": [ { "path": "hm.csv", "species": "pig" } ] }""")));
        var badStrategy = Assert.Throws<RunConfigurationException>(() => RunConfiguration.Read(Config("""{ "path": "hm.csv", "strategy": "Sometimes" }""")));
        var nullEntry = Assert.Throws<RunConfigurationException>(() => RunConfiguration.Read(Config("""[ null ]""")));

        var entry = Assert.Single(list.Homology.Tables!);
        Assert.Equal((table, "mouse"), (entry.Path, entry.Species));
        Assert.Equal("homology[0].organism", unknownKey.Field);
        Assert.Equal("homology.tables[0].species", wrongSpecies.Field);
        Assert.Contains("'pig' is not among the inputs (human, mouse)", wrongSpecies.Message, StringComparison.Ordinal);
        Assert.Equal("homology.strategy", badStrategy.Field);
        Assert.Equal("homology.tables[0]", nullEntry.Field);
        Assert.Contains("\"tables\"", list.ToJson(), StringComparison.Ordinal);
    }

    private static SpeciesData Cells(string species, string[] genes)
    {
        var x = new CsrMatrix(1, genes.Length, [0, genes.Length], [.. Enumerable.Range(0, genes.Length)], [.. genes.Select(_ => 1f)]);
        return new SpeciesData(species, new CellMatrix(x, new AnnotationTable(["cell"]), new AnnotationTable(genes)), Source: $"{species}.h5ad");
    }

    private static string Write(string folder, string name, params string[] lines)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static List<(string, string)> Pairs(GenePairTable table) => [.. table.Pairs.Select(pair => (pair.GeneA, pair.GeneB))];
}
