using PllmML.Data;
using PllmML.Evaluation.Tests;
using PllmML.Trainers.SingleCell;

namespace PllmML.Cli.Tests.Species;

/// <summary>
/// Issue #14 through the standalone <c>pllm markers</c>: the homology tables as <c>pllm fit</c> takes them (a plain
/// table, <c>&lt;species&gt;=&lt;table&gt;</c> repeated, a multi-species table), oriented by the integrated file's
/// features (the reference's genes) and species alone; bad input is one line on standard error naming the table and the
/// species. The cells are small and synthetic (human gene symbols as features, three species × two types).
/// </summary>
public class MarkersHomologyTests
{
    private static readonly string[] Genes =
        ["INS", "GCG", "SST", "PPY", "IAPP", "TTR", "CHGA", "PCSK1", "ARX", "MAFA", "NKX6-1", "PDX1", .. Enumerable.Range(12, 18).Select(i => $"GENE{i}")];

    [Fact]
    public void MultiSpeciesTable_ReferenceFromTheFile_EachSideOfAGenePairIsItsOwnSpeciesGene()
    {
        var folder = TestPaths.NewTempFolder();
        var input = Cells(folder, ["human", "mouse", "pig"], recordReference: true);
        var table = Write(folder, "human_mice_pig.csv", ["human gene name,mice gene name,pig gene name", .. Genes.Select(gene => $"{gene},{Mouse(gene)},{gene}_ss")]);
        var output = Path.Combine(folder, "markers");

        var run = CliRun.Of("markers", "--input", input, "--out", output, "--homology", table, "--min-pct", "0", "--logfc-threshold", "0");

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var lines = File.ReadAllLines(Path.Combine(output, "gene_pairs.csv"));
        var header = lines[0].Split(',').ToList();
        var rows = lines.Skip(1).Select(line => line.Split(',')).ToList();
        int Col(string name) => header.IndexOf(name);
        Assert.Contains(rows, row => row[Col("species_b")] == "pig");
        Assert.All(rows.Where(row => row[Col("species_a")] == "human" && row[Col("species_b")] == "mouse"), row => Assert.Equal(Mouse(row[Col("gene")]), row[Col("homolog")]));
        Assert.All(rows.Where(row => row[Col("species_b")] == "pig"), row => Assert.Equal(row[Col("gene")] + "_ss", row[Col("homolog")]));
        Directory.Delete(folder, true);
    }

    [Fact]
    public void ATableNamingASpeciesThatIsNotInTheFile_IsOneLineNamingTableAndSpecies()
    {
        var folder = TestPaths.NewTempFolder();
        var input = Cells(folder, ["human", "mouse", "pig"], recordReference: true);
        var mouse = Write(folder, "human_mouse.csv", ["human gene name,mouse gene name", .. Genes.Select(gene => $"{gene},{Mouse(gene)}")]);
        var zebrafish = Write(folder, "human_zebrafish.csv", "human gene name,zebrafish gene name", "INS,ins", "GCG,gcga");

        var line = FailsInOneLine(1, "--input", input, "--homology", mouse, "--homology", "pig=" + zebrafish);

        Assert.Contains(zebrafish, line, StringComparison.Ordinal);
        Assert.Contains("column 'zebrafish gene name'", line, StringComparison.Ordinal);
        Assert.Contains("the table names species 'zebrafish', which is not among the species of " + input + " (human, mouse, pig)", line, StringComparison.Ordinal);

        var rat = FailsInOneLine(1, "--input", input, "--homology", mouse, "--homology", "rat=" + zebrafish);
        Assert.Contains(zebrafish, rat, StringComparison.Ordinal);
        Assert.Contains("the table is given for species 'rat', which is not among the species of", rat, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void ATableWhoseColumnsMatchNoneOfTheFeatures_IsOneLineNamingTableAndReference()
    {
        var folder = TestPaths.NewTempFolder();
        var input = Cells(folder, ["human", "mouse", "pig"], recordReference: true);
        var mouse = Write(folder, "human_mouse.csv", ["human gene name,mouse gene name", .. Genes.Select(gene => $"{gene},{Mouse(gene)}")]);
        var other = Write(folder, "other_genes.csv", "gene a,gene b", "QQQ1,qqq1", "QQQ2,qqq2");

        var line = FailsInOneLine(1, "--input", input, "--homology", mouse, "--homology", "pig=" + other);

        Assert.Contains(other, line, StringComparison.Ordinal);
        Assert.Contains("no column of the table holds a shared feature of " + input + " (the genes of the reference species 'human')", line, StringComparison.Ordinal);

        var named = Write(folder, "human_pig_typos.csv", "human gene name,pig gene name", "INZ,INS", "GCGG,GCG");
        var typos = FailsInOneLine(1, "--input", input, "--homology", mouse, "--homology", named);
        Assert.Contains(named, typos, StringComparison.Ordinal);
        Assert.Contains("column 'human gene name'", typos, StringComparison.Ordinal);
        Assert.Contains("species 'human': no gene of the column is a shared feature of " + input, typos, StringComparison.Ordinal);

        var two = Cells(folder, ["human", "mouse"], recordReference: false);
        var plain = FailsInOneLine(1, "--input", two, "--homology", other);
        Assert.Contains(other, plain, StringComparison.Ordinal);
        Assert.Contains("no gene of the table is a shared feature of " + two, plain, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void ASpeciesWithNoTable_IsOneLineNamingTheSpeciesAndTables()
    {
        var folder = TestPaths.NewTempFolder();
        var input = Cells(folder, ["human", "mouse", "pig"], recordReference: true);
        var mouse = Write(folder, "human_mouse.csv", ["human gene name,mouse gene name", .. Genes.Select(gene => $"{gene},{Mouse(gene)}")]);

        var line = FailsInOneLine(1, "--input", input, "--homology", "mouse=" + mouse);

        Assert.Contains(mouse, line, StringComparison.Ordinal);
        Assert.Contains("no homology path from species 'pig' to the reference 'human'", line, StringComparison.Ordinal);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void NoReferenceRecordedOrGiven_IsABadUsageNamingTheOption_AndAGivenReferenceMustBeASpeciesOfTheFile()
    {
        var folder = TestPaths.NewTempFolder();
        var input = Cells(folder, ["human", "mouse", "pig"], recordReference: false);
        var mouse = Write(folder, "human_mouse.csv", ["human gene name,mouse gene name", .. Genes.Select(gene => $"{gene},{Mouse(gene)}")]);
        var pig = Write(folder, "human_pig.csv", ["human gene name,pig gene name", .. Genes.Select(gene => $"{gene},{gene}_ss")]);

        var line = FailsInOneLine(2, "--input", input, "--homology", "mouse=" + mouse, "--homology", "pig=" + pig);
        Assert.Contains(input, line, StringComparison.Ordinal);
        Assert.Contains("give --reference <species>", line, StringComparison.Ordinal);

        var rat = FailsInOneLine(2, "--input", input, "--homology", "mouse=" + mouse, "--homology", "pig=" + pig, "--reference", "rat");
        Assert.Contains("the reference species 'rat' is not among the species of " + input + " (human, mouse, pig)", rat, StringComparison.Ordinal);

        var output = Path.Combine(folder, "markers");
        var given = CliRun.Of("markers", "--input", input, "--out", output, "--homology", "mouse=" + mouse, "--homology", "pig=" + pig, "--reference", "human");
        Assert.True(given.ExitCode == 0, given.Error + given.Output);
        Directory.Delete(folder, true);
    }

    private static string Mouse(string gene) => gene[..1] + gene[1..].ToLowerInvariant();

    private static string FailsInOneLine(int exitCode, params string[] arguments)
    {
        var output = Path.Combine(TestPaths.NewTempFolder(), "markers");
        var run = CliRun.Of(["markers", .. arguments, "--out", output]);

        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}: {run.Error}{run.Output}");
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any());
        return Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Write(string folder, string name, params string[] lines)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>Integrated-like cells: human gene symbols as features, 20 cells per species and type, three planted markers per type (as MarkersCommandTests).</summary>
    private static string Cells(string folder, string[] species, bool recordReference)
    {
        var builder = new CsrBuilder(species.Length * 40, Genes.Length);
        var (names, speciesOf, types, embedding) = (new List<string>(), new List<string?>(), new List<string?>(), new List<float>());
        foreach (var sp in species)
        {
            // The same counts in every species: the same genes are variable in each (MetaNeighbor needs shared ones).
            var random = new Random(7);
            foreach (var (type, t) in new[] { ("alpha", 0), ("beta", 1) })
            {
                for (var c = 0; c < 20; c++)
                {
                    for (var g = 0; g < Genes.Length; g++)
                    {
                        var count = RandomCounts.Poisson(random, g / 3 == t ? 6 : 0.7);
                        if (count > 0)
                        {
                            builder.Add(g, count);
                        }
                    }

                    builder.EndRow();
                    names.Add($"{sp}:{type}_{c}");
                    speciesOf.Add(sp);
                    types.Add(type);
                    embedding.AddRange([(t * 5) + (float)random.NextDouble(), (float)random.NextDouble()]);
                }
            }
        }

        var obs = new AnnotationTable([.. names]);
        obs.Set(OutputKeys.Species, CategoricalColumn.FromValues(speciesOf));
        obs.Set(OutputKeys.CellType, CategoricalColumn.FromValues(types));
        var cells = new CellMatrix(builder.Build(), obs, new AnnotationTable(Genes));
        cells.Obsm[OutputKeys.IntegratedEmbedding] = new DenseMatrix(names.Count, 2, [.. embedding]);
        if (recordReference)
        {
            cells.Uns[OutputKeys.UnsPllm] = new Dictionary<string, object>(StringComparer.Ordinal) { [OutputKeys.UnsReferenceSpecies] = "human" };
        }

        var path = Path.Combine(folder, $"{string.Join('_', species)}_{(recordReference ? "recorded" : "unrecorded")}.h5ad");
        DataFiles.WriteCells(cells, path);
        return path;
    }
}
