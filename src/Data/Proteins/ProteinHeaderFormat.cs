namespace PllmML.Data.Proteins;

/// <summary>The header convention a FASTA record was recognised as.</summary>
public enum ProteinHeaderFormat
{
    /// <summary>
    /// Any other header: the first word is the protein id and later <c>key=value</c> words are kept as attributes
    /// (<c>&gt;UniRef50_A0A1E3NP16</c>, <c>&gt;ENSMUSP00000000573 species=mouse refog=RefOG024</c>).
    /// </summary>
    Plain,

    /// <summary>
    /// An Ensembl <c>pep.all</c> header: <c>&gt;ENSP… pep chromosome:… gene:ENSG… transcript:ENST…
    /// gene_symbol:… description:…</c>.
    /// </summary>
    Ensembl,

    /// <summary>
    /// A reviewed UniProtKB/Swiss-Prot header: <c>&gt;sp|P69905|HBA_HUMAN … OS=… OX=… GN=… PE=… SV=…</c>.
    /// </summary>
    UniProtSwissProt,

    /// <summary>
    /// An unreviewed UniProtKB/TrEMBL header: <c>&gt;tr|A0A024R161|A0A024R161_HUMAN … OS=… GN=…</c>.
    /// </summary>
    UniProtTrembl,
}
