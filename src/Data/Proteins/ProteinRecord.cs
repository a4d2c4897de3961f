namespace PllmML.Data.Proteins;

/// <summary>
/// One protein of a FASTA file: the ids parsed from its header (see <see cref="ProteinHeaderFormat"/>) and its
/// sequence as the <see cref="ProteinCleaningPolicy"/> left it. Fields a header convention does not carry are null.
/// </summary>
public sealed class ProteinRecord
{
    /// <summary>The protein id: the first word of the header, or the accession of a UniProt header.</summary>
    public required string ProteinId { get; init; }

    /// <summary>The gene id (Ensembl <c>gene:</c>), or null.</summary>
    public string? GeneId { get; init; }

    /// <summary>The gene symbol (Ensembl <c>gene_symbol:</c>, UniProt <c>GN=</c>), or null.</summary>
    public string? GeneSymbol { get; init; }

    /// <summary>The transcript id (Ensembl <c>transcript:</c>), or null.</summary>
    public string? TranscriptId { get; init; }

    /// <summary>The free-text description (Ensembl <c>description:</c>, the UniProt protein name, or the words of
    /// a plain header that are not <c>key=value</c>), or null.</summary>
    public string? Description { get; init; }

    /// <summary>The organism name (UniProt <c>OS=</c>), or null.</summary>
    public string? Organism { get; init; }

    /// <summary>The NCBI taxonomy id (UniProt <c>OX=</c>), or null.</summary>
    public int? TaxonId { get; init; }

    /// <summary>The header convention that was recognised.</summary>
    public required ProteinHeaderFormat HeaderFormat { get; init; }

    /// <summary>The header line without its leading <c>&gt;</c>, as it is in the file.</summary>
    public required string Header { get; init; }

    /// <summary>The 1-based line number of the header in the (decompressed) file.</summary>
    public required long HeaderLineNumber { get; init; }

    /// <summary>
    /// Every <c>key:value</c> word of an Ensembl header (<c>gene</c>, <c>transcript</c>, <c>gene_biotype</c>,
    /// <c>chromosome</c>, …), every <c>KEY=value</c> field of a UniProt header (<c>OS</c>, <c>OX</c>, <c>GN</c>,
    /// <c>PE</c>, <c>SV</c>, plus <c>entry_name</c>), or every <c>key=value</c> word of a plain header; the first
    /// occurrence of a key wins.
    /// </summary>
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }

    /// <summary>The residues, one letter each, without line breaks.</summary>
    public required string Sequence { get; init; }

    /// <summary>The number of residues.</summary>
    public int Length => Sequence.Length;

    /// <summary>The id, the line and the length, for messages.</summary>
    public override string ToString() => $"{ProteinId} (line {HeaderLineNumber}, {Length} aa)";

    internal ProteinRecord WithSequence(string sequence) => new()
    {
        ProteinId = ProteinId,
        GeneId = GeneId,
        GeneSymbol = GeneSymbol,
        TranscriptId = TranscriptId,
        Description = Description,
        Organism = Organism,
        TaxonId = TaxonId,
        HeaderFormat = HeaderFormat,
        Header = Header,
        HeaderLineNumber = HeaderLineNumber,
        Attributes = Attributes,
        Sequence = sequence,
    };
}
