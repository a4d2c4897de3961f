using PllmML.Data;
using PllmML.Data.Embeddings;
using PllmML.Data.Proteins;
using PllmML.Esm.Genes;

namespace PllmML.Esm.Tests;

public class GenePoolerTests
{
    private static readonly ProteinRecord[] Records =
    [
        Protein("ENSP1", "GENE_A", 10),
        Protein("ENSP2", "GENE_A", 30),
        Protein("ENSP3", "GENE_B", 5),
        Protein("ENSP4", null, 8),
        Protein("ENSP5", "GENE_A", 30),
    ];

    private static readonly EmbeddingTable Proteins = new(
        ["ENSP1", "ENSP2", "ENSP3", "ENSP4", "ENSP5"],
        new DenseMatrix(5, 2, [1, 8, 3, -2, 5, 5, 9, 9, 2, 0]));

    [Fact]
    public void Pool_Mean_AveragesAllIsoforms()
    {
        var result = GenePooler.Pool(Proteins, Records, GenePooling.Mean);

        Assert.Equal(["GENE_A", "GENE_B"], result.Genes.Ids);
        Assert.Equal([2f, 2f, 5f, 5f], result.Genes.Vectors.Values);
        Assert.Equal(1, result.ProteinsWithoutGene);
        Assert.Equal((3, 3, 0), (result.Audit[0].IsoformsFound, result.Audit[0].IsoformsUsed, result.Audit[0].IsoformsDropped));
    }

    [Fact]
    public void Pool_Max_TakesTheElementWiseMaximum()
    {
        var result = GenePooler.Pool(Proteins, Records, GenePooling.Max);

        Assert.Equal([3f, 8f, 5f, 5f], result.Genes.Vectors.Values);
    }

    [Fact]
    public void Pool_CanonicalWithoutTable_TakesTheFirstLongestIsoform()
    {
        var result = GenePooler.Pool(Proteins, Records, GenePooling.Canonical);

        Assert.Equal([3f, -2f, 5f, 5f], result.Genes.Vectors.Values);
        Assert.Equal(["ENSP2"], result.Audit[0].UsedProteins);
        Assert.Equal((3, 1, 2, "longest"), (result.Audit[0].IsoformsFound, result.Audit[0].IsoformsUsed, result.Audit[0].IsoformsDropped, result.Audit[0].Note));
    }

    [Fact]
    public void Pool_CanonicalWithTable_UsesTheNamedIsoformAndReportsAbsentOnes()
    {
        var table = new Dictionary<string, string> { ["GENE_A"] = "ENSP1.3", ["GENE_B"] = "ENSP99" };

        var result = GenePooler.Pool(Proteins, Records, GenePooling.Canonical, canonicalProteins: table);

        Assert.Equal([1f, 8f, 5f, 5f], result.Genes.Vectors.Values);
        Assert.Equal("table", result.Audit[0].Note);
        Assert.Equal("table protein ENSP99 absent; longest", result.Audit[1].Note);
    }

    [Fact]
    public void WriteAudit_WritesOneRowPerGene()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "audit.tsv");

        GenePooler.Pool(Proteins, Records, GenePooling.Mean).WriteAudit(path);

        Assert.Equal(
            ["gene\tisoforms_found\tisoforms_used\tisoforms_dropped\tused_proteins\tnote", "GENE_A\t3\t3\t0\tENSP1,ENSP2,ENSP5\tmean", "GENE_B\t1\t1\t0\tENSP3\tmean"],
            File.ReadAllLines(path));
    }

    [Fact]
    public void ReadCanonicalTable_RepeatedGene_NamesTheLine()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "canonical.tsv");
        File.WriteAllText(path, "gene\tprotein\nGENE_A\tENSP1\nGENE_A\tENSP2\n");

        var error = Assert.Throws<DataFormatException>(() => GenePooler.ReadCanonicalTable(path));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    private static ProteinRecord Protein(string id, string? gene, int length) => new()
    {
        ProteinId = id,
        GeneSymbol = gene,
        HeaderFormat = ProteinHeaderFormat.Ensembl,
        Header = id,
        HeaderLineNumber = 1,
        Attributes = new Dictionary<string, string>(),
        Sequence = new string('A', length),
    };
}
