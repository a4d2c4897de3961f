namespace PllmML.Pipeline.Configuration;

/// <summary>
/// One table of a multi-table <c>homology</c> section: a gene-pair table (any layout <c>pllm inspect</c> reads) or a
/// multi-species table, and optionally the species it is for.
/// </summary>
public sealed class HomologyTableConfiguration
{
    /// <summary>The table (relative to the config file's folder).</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>
    /// The non-reference species whose genes one of the table's columns holds (<c>pllm fit --homology pig=table.csv</c>);
    /// null when the column headers name the species (<c>human gene name,mice gene name,pig gene name</c>) or the columns'
    /// genes tell them apart.
    /// </summary>
    public string? Species { get; set; }
}
