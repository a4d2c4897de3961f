using PllmML.Data.Proteins;

namespace PllmML.Data.Tests.Proteins;

public class ProteinFastaSummaryTests
{
    [Fact]
    public void Summarize_RefogProteins_MatchesMembershipTable()
    {
        var membership = ProteinTestFiles.HumanMouseMembership();

        var summary = ProteinFastaReader.Summarize(ProteinTestFiles.RefogFasta);

        var dropped = summary.Cleaning.Examples(ProteinCleaningReason.StopCodon).Select(e => e.ProteinId).ToHashSet();
        var lengths = membership.Values
            .Where(row => !dropped.Contains(row.ProteinId))
            .Select(row => row.Length)
            .Order()
            .ToList();
        Assert.Equal(membership.Count, summary.Cleaning.RecordsRead);
        Assert.Equal(membership.Count, summary.Records + summary.Cleaning.RecordsDropped);
        Assert.Equal(lengths.Count, summary.Records);
        Assert.Equal(lengths.Sum(), summary.Residues);
        Assert.Equal((lengths[0], lengths[^1]), (summary.MinLength, summary.MaxLength));
        Assert.Equal((lengths[(lengths.Count - 1) / 2] + lengths[lengths.Count / 2]) / 2.0, summary.MedianLength);
        Assert.Equal(
            new Dictionary<ProteinHeaderFormat, int> { [ProteinHeaderFormat.Plain] = lengths.Count },
            summary.HeaderFormats);
        Assert.Equal((0, lengths.Count), (summary.DistinctGenes, summary.RecordsWithoutGene));
        Assert.Empty(summary.GenesByIsoformCount);
        Assert.Equal(ProteinTestFiles.RefogFasta, summary.FilePath);
    }

    [Fact]
    public void Summarize_EnsemblIsoformsAndUniProt_CountsGenes()
    {
        var path = ProteinTestFiles.Write(
            ">ENSP1 pep gene:ENSG1 transcript:ENST1 gene_symbol:A\nMKV\n"
            + ">ENSP2 pep gene:ENSG1 transcript:ENST2 gene_symbol:A\nMKVLL\n"
            + ">ENSP3 pep gene:ENSG2 transcript:ENST3\nMKVL\n"
            + ">sp|P69905|HBA_HUMAN Hemoglobin OS=Homo sapiens OX=9606 GN=HBA1 PE=1 SV=2\nMKVLLA\n"
            + ">UniRef50_X\nMK\n"
            + ">ENSP4 pep gene:ENSG3\nMK*K\n");

        var summary = ProteinFastaReader.Summarize(path);

        Assert.Equal((5, 20L), (summary.Records, summary.Residues));
        Assert.Equal((2, 4.0, 6), (summary.MinLength, summary.MedianLength, summary.MaxLength));
        Assert.Equal(
            new Dictionary<ProteinHeaderFormat, int>
            {
                [ProteinHeaderFormat.Ensembl] = 3,
                [ProteinHeaderFormat.UniProtSwissProt] = 1,
                [ProteinHeaderFormat.Plain] = 1,
            },
            summary.HeaderFormats);
        Assert.Equal((3, 1), (summary.DistinctGenes, summary.RecordsWithoutGene));
        Assert.Equal([new KeyValuePair<int, int>(1, 2), new KeyValuePair<int, int>(2, 1)], summary.GenesByIsoformCount);
        Assert.Equal((6, 1), (summary.Cleaning.RecordsRead, summary.Cleaning.RecordsDropped));
    }

    [Fact]
    public void Summarize_GzippedFile_MatchesPlain()
    {
        var plain = ProteinFastaReader.Summarize(ProteinTestFiles.RefogFasta, ProteinCleaningPolicy.Original);
        var gzipped = ProteinFastaReader.Summarize(
            ProteinTestFiles.Gzip(ProteinTestFiles.RefogFasta), ProteinCleaningPolicy.Original);

        Assert.Equal(
            (plain.Records, plain.Residues, plain.MinLength, plain.MedianLength, plain.MaxLength),
            (gzipped.Records, gzipped.Residues, gzipped.MinLength, gzipped.MedianLength, gzipped.MaxLength));
    }

    [Fact]
    public void Summarize_EmptyFile_HasNoRecords()
    {
        var summary = ProteinFastaReader.Summarize(ProteinTestFiles.Write(string.Empty));

        Assert.Equal((0, 0L, 0, 0), (summary.Records, summary.Residues, summary.MinLength, summary.MaxLength));
        Assert.True(double.IsNaN(summary.MedianLength));
        Assert.Empty(summary.HeaderFormats);
    }
}
