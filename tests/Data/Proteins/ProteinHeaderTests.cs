using PllmML.Data.Proteins;

namespace PllmML.Data.Tests.Proteins;

public class ProteinHeaderTests
{
    private const string EnsemblHeader =
        "ENSP00000451042.1 pep chromosome:GRCh38:14:105865458:105865489:1 gene:ENSG00000211923.1 "
        + "transcript:ENST00000390595.1 gene_biotype:IG_D_gene transcript_biotype:IG_D_gene gene_symbol:IGHD3-10 "
        + "description:immunoglobulin heavy diversity 3-10 [Source:HGNC Symbol;Acc:HGNC:5102]";

    [Fact]
    public void Read_EnsemblHeader_ParsesIdsAndDescription()
    {
        var record = Single($">{EnsemblHeader}\nVLRFLEWLLY\n");

        Assert.Equal(ProteinHeaderFormat.Ensembl, record.HeaderFormat);
        Assert.Equal("ENSP00000451042.1", record.ProteinId);
        Assert.Equal("ENSG00000211923.1", record.GeneId);
        Assert.Equal("ENST00000390595.1", record.TranscriptId);
        Assert.Equal("IGHD3-10", record.GeneSymbol);
        Assert.Equal("immunoglobulin heavy diversity 3-10 [Source:HGNC Symbol;Acc:HGNC:5102]", record.Description);
        Assert.Equal("GRCh38:14:105865458:105865489:1", record.Attributes["chromosome"]);
        Assert.Equal("IG_D_gene", record.Attributes["gene_biotype"]);
        Assert.Equal(EnsemblHeader, record.Header);
        Assert.Equal("VLRFLEWLLY", record.Sequence);
    }

    [Fact]
    public void Read_EnsemblHeaderWithoutSymbolOrDescription_HasNulls()
    {
        var record = Single(
            ">ENSMUSP00000000001.5 pep:known chromosome:GRCm39:3:108014596:108053462:-1 gene:ENSMUSG00000000001.5 "
            + "transcript:ENSMUST00000000001.5 gene_biotype:protein_coding transcript_biotype:protein_coding\n"
            + "MCTLSA\n");

        Assert.Equal(ProteinHeaderFormat.Ensembl, record.HeaderFormat);
        Assert.Equal("ENSMUSP00000000001.5", record.ProteinId);
        Assert.Equal("ENSMUSG00000000001.5", record.GeneId);
        Assert.Equal("ENSMUST00000000001.5", record.TranscriptId);
        Assert.Null(record.GeneSymbol);
        Assert.Null(record.Description);
    }

    [Fact]
    public void Read_UniProtSwissProtHeader_ParsesAccessionAndFields()
    {
        var record = Single(
            ">sp|P69905|HBA_HUMAN Hemoglobin subunit alpha OS=Homo sapiens OX=9606 GN=HBA1 PE=1 SV=2\n"
            + "MVLSPADKTNVKAAWGKVGAHAGEYGAEALERMFLSF\nPTTKTYFPHF\n");

        Assert.Equal(ProteinHeaderFormat.UniProtSwissProt, record.HeaderFormat);
        Assert.Equal("P69905", record.ProteinId);
        Assert.Equal("HBA1", record.GeneSymbol);
        Assert.Equal("Homo sapiens", record.Organism);
        Assert.Equal(9606, record.TaxonId);
        Assert.Equal("Hemoglobin subunit alpha", record.Description);
        Assert.Equal("HBA_HUMAN", record.Attributes["entry_name"]);
        Assert.Equal(("1", "2"), (record.Attributes["PE"], record.Attributes["SV"]));
        Assert.Null(record.GeneId);
        Assert.Equal(47, record.Length);
    }

    [Fact]
    public void Read_UniProtTremblHeaderWithoutGene_HasNullSymbol()
    {
        var record = Single(
            ">tr|A0A0G2JMH3|A0A0G2JMH3_ECOLI Uncharacterized protein OS=Escherichia coli (strain K12) OX=83333 "
            + "PE=4 SV=1\nMKV\n");

        Assert.Equal(ProteinHeaderFormat.UniProtTrembl, record.HeaderFormat);
        Assert.Equal("A0A0G2JMH3", record.ProteinId);
        Assert.Equal("Escherichia coli (strain K12)", record.Organism);
        Assert.Equal(83333, record.TaxonId);
        Assert.Equal("Uncharacterized protein", record.Description);
        Assert.Null(record.GeneSymbol);
    }

    [Fact]
    public void Read_PlainHeader_KeepsKeyValueWordsAsAttributes()
    {
        var records = ProteinTestFiles.ReadText(
            ">ENSMUSP00000000573 species=mouse refog=RefOG024\nMKV\n>UniRef50_A0A1E3NP16\nMKV\n"
            + ">seq9 some protein x=1\nMKV\n",
            out _);

        Assert.All(records, record => Assert.Equal(ProteinHeaderFormat.Plain, record.HeaderFormat));
        Assert.Equal(["ENSMUSP00000000573", "UniRef50_A0A1E3NP16", "seq9"], records.Select(record => record.ProteinId));
        Assert.Equal(("mouse", "RefOG024"), (records[0].Attributes["species"], records[0].Attributes["refog"]));
        Assert.Null(records[0].Description);
        Assert.Empty(records[1].Attributes);
        Assert.Equal(("some protein", "1"), (records[2].Description, records[2].Attributes["x"]));
    }

    [Fact]
    public void Read_PipeIdThatIsNotUniProt_IsPlainWithWholeFirstWord()
    {
        var record = Single(">gi|4504351|ref|NP_000510.1| hemoglobin subunit beta\nMVHLTPEEK\n");

        Assert.Equal(ProteinHeaderFormat.Plain, record.HeaderFormat);
        Assert.Equal("gi|4504351|ref|NP_000510.1|", record.ProteinId);
        Assert.Equal("hemoglobin subunit beta", record.Description);
    }

    private static ProteinRecord Single(string text) => Assert.Single(ProteinTestFiles.ReadText(text, out _));
}
