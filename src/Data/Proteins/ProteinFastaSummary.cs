namespace PllmML.Data.Proteins;

/// <summary>
/// Counts over the records of a protein FASTA file that the cleaning policy kept, computed in one streaming pass by
/// <see cref="ProteinFastaReader.Summarize"/>. A record's gene is its gene id, else its gene symbol; records with
/// neither are counted in <see cref="RecordsWithoutGene"/>.
/// </summary>
public sealed class ProteinFastaSummary
{
    internal ProteinFastaSummary(string filePath, ProteinCleaningReport cleaning)
    {
        FilePath = filePath;
        Cleaning = cleaning;
    }

    /// <summary>The file that was read.</summary>
    public string FilePath { get; }

    /// <summary>What the cleaning policy changed and dropped; <see cref="ProteinCleaningReport.RecordsRead"/> counts
    /// every record in the file.</summary>
    public ProteinCleaningReport Cleaning { get; }

    /// <summary>Records kept.</summary>
    public int Records { get; internal init; }

    /// <summary>Residues over all kept records.</summary>
    public long Residues { get; internal init; }

    /// <summary>The shortest kept sequence; 0 when no record was kept.</summary>
    public int MinLength { get; internal init; }

    /// <summary>The median kept sequence length (the mean of the two middle lengths for an even count); NaN when no
    /// record was kept.</summary>
    public double MedianLength { get; internal init; }

    /// <summary>The longest kept sequence; 0 when no record was kept.</summary>
    public int MaxLength { get; internal init; }

    /// <summary>Kept records per header convention; conventions not seen are absent.</summary>
    public required IReadOnlyDictionary<ProteinHeaderFormat, int> HeaderFormats { get; init; }

    /// <summary>Distinct genes among the kept records.</summary>
    public int DistinctGenes { get; internal init; }

    /// <summary>Kept records with neither a gene id nor a gene symbol.</summary>
    public int RecordsWithoutGene { get; internal init; }

    /// <summary>How many genes have a given number of kept records (isoforms): isoform count → genes,
    /// ascending.</summary>
    public required IReadOnlyDictionary<int, int> GenesByIsoformCount { get; init; }
}
