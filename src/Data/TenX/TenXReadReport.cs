namespace PllmML.Data.TenX;

/// <summary>
/// How a 10x folder was read: the files used, the matrix header, a summary of the counts and the names that were
/// renamed to make them unique. Meant for logs and for <c>pllm inspect</c>.
/// </summary>
public sealed class TenXReadReport
{
    /// <summary>The folder that was read.</summary>
    public required string Folder { get; init; }

    /// <summary>The matrix file (<c>matrix.mtx.gz</c> or <c>matrix.mtx</c>).</summary>
    public required string MatrixFile { get; init; }

    /// <summary>The features file (<c>features.tsv[.gz]</c>, or <c>genes.tsv[.gz]</c> for Cell Ranger 2).</summary>
    public required string FeaturesFile { get; init; }

    /// <summary>The barcodes file (<c>barcodes.tsv[.gz]</c>).</summary>
    public required string BarcodesFile { get; init; }

    /// <summary>The cell table (<c>cells.tsv</c>) read into the cell annotations, or <c>null</c> when none was read.</summary>
    public string? CellTableFile { get; init; }

    /// <summary>Whether the folder has the Cell Ranger 2 layout (<c>genes.tsv</c>, no feature types).</summary>
    public bool IsLegacyLayout { get; init; }

    /// <summary>Whether the matrix header declares <c>integer</c> values (else <c>real</c>).</summary>
    public bool IsInteger { get; init; }

    /// <summary>The JSON of the matrix's <c>%metadata_json:</c> comment line, when it has one.</summary>
    public string? MetadataJson { get; init; }

    /// <summary>Number of cells (barcodes).</summary>
    public int CellCount { get; init; }

    /// <summary>Number of genes (features).</summary>
    public int GeneCount { get; init; }

    /// <summary>Number of stored entries (the matrix's declared entry count).</summary>
    public long StoredCount { get; init; }

    /// <summary>The sum of all counts.</summary>
    public double TotalCount { get; init; }

    /// <summary>Gene names that occurred more than once in the file, with their number of occurrences.</summary>
    public IReadOnlyDictionary<string, int> DuplicateGeneNames { get; init; } = new Dictionary<string, int>();

    /// <summary>How many gene names were renamed to make them unique.</summary>
    public int RenamedGeneCount { get; init; }

    /// <summary>How many barcodes were renamed to make them unique.</summary>
    public int RenamedBarcodeCount { get; init; }
}
